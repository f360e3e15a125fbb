/**
 * A streaming WXR reader: the file goes through saxes (a strict, namespace-aware XML parser) a
 * chunk at a time and comes out as one record per author, term and item. Only the record being
 * read is held in memory, so a 5 GB export needs no more memory than a 5 MB one.
 *
 * Not well-formed XML stops the read with GAZ_ERR_IMPORT_MALFORMED and its line and column; a file
 * that is not a WordPress export of version 1.0–1.2 stops with GAZ_ERR_IMPORT_VERSION.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { ImportError } from '../errors.js';
import { classifyNamespace, isKnownVersion } from './namespaces.js';
import {
  emptyComment,
  emptyItem,
  type WxrAuthor,
  type WxrCategory,
  type WxrChannel,
  type WxrComment,
  type WxrItem,
  type WxrRecord,
  type WxrTag,
} from './records.js';

type Fields<T> = Record<string, keyof T>;

const CHANNEL: Fields<WxrChannel> = {
  'wp:wxr_version': 'version',
  title: 'title',
  link: 'link',
  'wp:base_site_url': 'baseSiteUrl',
  'wp:base_blog_url': 'baseBlogUrl',
};
const AUTHOR: Fields<WxrAuthor> = {
  'wp:author_id': 'id',
  'wp:author_login': 'login',
  'wp:author_email': 'email',
  'wp:author_display_name': 'displayName',
  'wp:author_first_name': 'firstName',
  'wp:author_last_name': 'lastName',
};
const CATEGORY: Fields<WxrCategory> = {
  'wp:term_id': 'id',
  'wp:category_nicename': 'slug',
  'wp:category_parent': 'parent',
  'wp:cat_name': 'name',
  'wp:category_description': 'description',
};
const TAG: Fields<WxrTag> = { 'wp:term_id': 'id', 'wp:tag_slug': 'slug', 'wp:tag_name': 'name', 'wp:tag_description': 'description' };
const ITEM: Fields<WxrItem> = {
  title: 'title',
  link: 'link',
  pubDate: 'pubDate',
  'dc:creator': 'creator',
  guid: 'guid',
  description: 'description',
  'content:encoded': 'content',
  'excerpt:encoded': 'excerpt',
  'wp:post_id': 'postId',
  'wp:post_date': 'postDate',
  'wp:post_date_gmt': 'postDateGmt',
  'wp:post_modified_gmt': 'postModifiedGmt',
  'wp:comment_status': 'commentStatus',
  'wp:post_name': 'postName',
  'wp:status': 'status',
  'wp:post_parent': 'postParent',
  'wp:menu_order': 'menuOrder',
  'wp:post_type': 'postType',
  'wp:post_password': 'postPassword',
  'wp:is_sticky': 'isSticky',
  'wp:attachment_url': 'attachmentUrl',
};
const COMMENT: Fields<WxrComment> = {
  'wp:comment_id': 'id',
  'wp:comment_author': 'author',
  'wp:comment_author_email': 'email',
  'wp:comment_author_url': 'url',
  'wp:comment_author_IP': 'ip',
  'wp:comment_date': 'date',
  'wp:comment_date_gmt': 'dateGmt',
  'wp:comment_content': 'content',
  'wp:comment_approved': 'approved',
  'wp:comment_type': 'type',
  'wp:comment_parent': 'parent',
  'wp:comment_user_id': 'userId',
};
/** `wp:term` (WXR 1.2) fields, mapped onto the category and tag shapes at its end. */
const TERM: Record<string, string> = {
  'wp:term_id': 'id',
  'wp:term_taxonomy': 'taxonomy',
  'wp:term_slug': 'slug',
  'wp:term_parent': 'parent',
  'wp:term_name': 'name',
  'wp:term_description': 'description',
};
/** Children of `channel` that end its header: by then the version must be known. */
const AFTER_HEADER = new Set(['wp:author', 'wp:category', 'wp:tag', 'wp:term', 'item']);

export interface ReadOptions {
  /** Called with each chunk's length in bytes once it has been parsed (progress). */
  onChunk?: (bytes: number) => void;
}

/** Reads WXR from text chunks (e.g. `createReadStream(file, 'utf8')`), yielding records in file order. */
export async function* readWxr(chunks: AsyncIterable<string | Buffer>, opts: ReadOptions = {}): AsyncGenerator<WxrRecord> {
  const out: WxrRecord[] = [];
  const parser = new SaxesParser({ xmlns: true, position: true });
  const fail = (code: 'GAZ_ERR_IMPORT_MALFORMED' | 'GAZ_ERR_IMPORT_VERSION', reason: string): never => {
    throw new ImportError(code, reason, parser.line, parser.column + 1);
  };
  parser.on('error', (err) => fail('GAZ_ERR_IMPORT_MALFORMED', err.message.replace(/^\d+:\d+:\s*/, '')));

  const stack: string[] = [];
  let text = '';
  const channel: WxrChannel = { kind: 'channel', version: '', title: '', link: '', baseSiteUrl: '', baseBlogUrl: '' };
  let headerDone = false;
  let author: WxrAuthor | null = null;
  let category: WxrCategory | null = null;
  let tag: WxrTag | null = null;
  let term: Record<string, string> | null = null;
  let item: WxrItem | null = null;
  let comment: WxrComment | null = null;
  let meta: { key: string; value: string } | null = null;
  let itemCategory: { domain: string; nicename: string; name: string } | null = null;

  const keyOf = (tag: SaxesTagNS): string => {
    const ns = classifyNamespace(tag.uri);
    if (ns.version !== undefined && !isKnownVersion(ns.version))
      fail('GAZ_ERR_IMPORT_VERSION', `unknown WXR version ${ns.version} (namespace ${tag.uri}); this importer reads 1.0, 1.1 and 1.2`);
    if (ns.prefix === '') return tag.local;
    return `${ns.prefix}:${tag.local}`;
  };

  const endHeader = () => {
    if (headerDone) return;
    headerDone = true;
    if (!channel.version) fail('GAZ_ERR_IMPORT_VERSION', 'not a WordPress export: the channel has no wp:wxr_version');
    out.push(channel);
  };

  parser.on('opentag', (t) => {
    const key = keyOf(t);
    const parent = stack[stack.length - 1];
    if (parent === undefined && key !== 'rss') fail('GAZ_ERR_IMPORT_VERSION', `not a WordPress export: the root element is <${t.name}>, not <rss>`);
    stack.push(key);
    text = '';
    if (parent === 'channel') {
      if (AFTER_HEADER.has(key)) endHeader();
      if (key === 'item') item = emptyItem();
      else if (key === 'wp:author') author = { kind: 'author', id: '', login: '', email: '', displayName: '', firstName: '', lastName: '' };
      else if (key === 'wp:category') category = { kind: 'category', id: '', slug: '', parent: '', name: '', description: '' };
      else if (key === 'wp:tag') tag = { kind: 'tag', id: '', slug: '', name: '', description: '' };
      else if (key === 'wp:term') term = {};
    } else if (parent === 'item') {
      if (key === 'wp:comment') comment = emptyComment();
      else if (key === 'wp:postmeta') meta = { key: '', value: '' };
      else if (key === 'category') {
        const attr = (name: string) => (t.attributes[name]?.value ?? '').trim();
        itemCategory = { domain: attr('domain'), nicename: attr('nicename'), name: '' };
      }
    } else if (parent === 'wp:comment' && key === 'wp:commentmeta') meta = { key: '', value: '' };
  });

  parser.on('text', (t) => void (text += t));
  parser.on('cdata', (t) => void (text += t));

  parser.on('closetag', () => {
    const key = stack.pop()!;
    const parent = stack[stack.length - 1];
    const value = text;
    text = '';
    switch (parent) {
      case 'channel':
        if (key in CHANNEL) {
          const field = CHANNEL[key];
          if (field === 'version') {
            const v = value.trim();
            if (!isKnownVersion(v)) fail('GAZ_ERR_IMPORT_VERSION', `unknown WXR version "${v}"; this importer reads 1.0, 1.1 and 1.2`);
            channel.version = v;
          } else if (!headerDone) (channel as unknown as Record<string, string>)[field] = value.trim();
        } else if (key === 'item' && item) out.push(item), (item = null);
        else if (key === 'wp:author' && author) out.push(author), (author = null);
        else if (key === 'wp:category' && category) out.push(category), (category = null);
        else if (key === 'wp:tag' && tag) out.push(tag), (tag = null);
        else if (key === 'wp:term' && term) out.push(termRecord(term)), (term = null);
        break;
      case 'wp:author':
        if (author && key in AUTHOR) (author as unknown as Record<string, string>)[AUTHOR[key]] = value.trim();
        break;
      case 'wp:category':
        if (category && key in CATEGORY)
          (category as unknown as Record<string, string>)[CATEGORY[key]] = key === 'wp:category_description' ? value : value.trim();
        break;
      case 'wp:tag':
        if (tag && key in TAG) (tag as unknown as Record<string, string>)[TAG[key]] = key === 'wp:tag_description' ? value : value.trim();
        break;
      case 'wp:term':
        if (term && key in TERM) term[TERM[key]] = value.trim();
        break;
      case 'item':
        if (!item) break;
        if (key in ITEM) {
          const field = ITEM[key];
          // Bodies are kept byte for byte; every other field is a short value where whitespace is noise.
          (item as unknown as Record<string, string>)[field] = field === 'content' || field === 'excerpt' ? value : value.trim();
        } else if (key === 'category' && itemCategory) {
          itemCategory.name = value.trim();
          item.categories.push(itemCategory);
          itemCategory = null;
        } else if (key === 'wp:postmeta' && meta) item.meta.push(meta), (meta = null);
        else if (key === 'wp:comment' && comment) item.comments.push(comment), (comment = null);
        break;
      case 'wp:comment':
        if (!comment) break;
        if (key in COMMENT) {
          const field = COMMENT[key];
          (comment as unknown as Record<string, string>)[field] = field === 'content' ? value : value.trim();
        } else if (key === 'wp:commentmeta' && meta) comment.meta.push(meta), (meta = null);
        break;
      case 'wp:postmeta':
      case 'wp:commentmeta':
        if (meta && key === 'wp:meta_key') meta.key = value.trim();
        else if (meta && key === 'wp:meta_value') meta.value = value;
        break;
      case 'rss':
        if (key === 'channel') endHeader();
        break;
    }
  });

  for await (const chunk of chunks) {
    const s = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    parser.write(s);
    opts.onChunk?.(typeof chunk === 'string' ? Buffer.byteLength(s) : chunk.length);
    for (const r of out) yield r;
    out.length = 0;
  }
  parser.close();
  if (!headerDone) fail('GAZ_ERR_IMPORT_VERSION', 'not a WordPress export: no <channel> found');
  for (const r of out) yield r;
  out.length = 0;
}

function termRecord(t: Record<string, string>): WxrRecord {
  if (t.taxonomy === 'category')
    return { kind: 'category', id: t.id ?? '', slug: t.slug ?? '', parent: t.parent ?? '', name: t.name ?? '', description: t.description ?? '' };
  if (t.taxonomy === 'post_tag') return { kind: 'tag', id: t.id ?? '', slug: t.slug ?? '', name: t.name ?? '', description: t.description ?? '' };
  return { kind: 'term', id: t.id ?? '', taxonomy: t.taxonomy ?? '' };
}
