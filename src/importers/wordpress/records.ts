/**
 * What the WXR reader yields: one record per author, term and item, as the strings the file holds.
 * Turning them into Gazette values (dates, statuses, ids) is the importer's job, not the reader's.
 */
import type { RenderedBody } from './item-body.js';

export interface WxrChannel {
  kind: 'channel';
  version: string;
  title: string;
  link: string;
  baseSiteUrl: string;
  baseBlogUrl: string;
}

export interface WxrAuthor {
  kind: 'author';
  id: string;
  login: string;
  email: string;
  displayName: string;
  firstName: string;
  lastName: string;
}

/** A category (`wp:category`, or `wp:term` of taxonomy `category`); `parent` is the parent's slug. */
export interface WxrCategory {
  kind: 'category';
  id: string;
  slug: string;
  parent: string;
  name: string;
  description: string;
}

export interface WxrTag {
  kind: 'tag';
  id: string;
  slug: string;
  name: string;
  description: string;
}

/** A `wp:term` of a taxonomy we have no place for (nav menus, custom taxonomies). */
export interface WxrOtherTerm {
  kind: 'term';
  id: string;
  taxonomy: string;
}

export interface WxrComment {
  id: string;
  author: string;
  email: string;
  url: string;
  ip: string;
  date: string;
  dateGmt: string;
  content: string;
  approved: string;
  type: string;
  parent: string;
  userId: string;
  meta: Array<{ key: string; value: string }>;
  /** The keyed hash of `ip`, when the reader's worker computed it. */
  ipHash?: string;
}

export interface WxrItem {
  kind: 'item';
  title: string;
  link: string;
  pubDate: string;
  creator: string;
  guid: string;
  description: string;
  content: string;
  excerpt: string;
  postId: string;
  postDate: string;
  postDateGmt: string;
  postModifiedGmt: string;
  commentStatus: string;
  postName: string;
  status: string;
  postParent: string;
  menuOrder: string;
  postType: string;
  postPassword: string;
  isSticky: string;
  attachmentUrl: string;
  /** `<category domain="category|post_tag" nicename="slug">Name</category>`; WXR 1.0 may omit both attributes. */
  categories: Array<{ domain: string; nicename: string; name: string }>;
  meta: Array<{ key: string; value: string }>;
  comments: WxrComment[];
  /** The body already sanitised, when the reader's worker did it (item-body.ts). */
  rendered?: RenderedBody;
}

export type WxrRecord = WxrChannel | WxrAuthor | WxrCategory | WxrTag | WxrOtherTerm | WxrItem;

export function emptyItem(): WxrItem {
  return {
    kind: 'item',
    title: '',
    link: '',
    pubDate: '',
    creator: '',
    guid: '',
    description: '',
    content: '',
    excerpt: '',
    postId: '',
    postDate: '',
    postDateGmt: '',
    postModifiedGmt: '',
    commentStatus: '',
    postName: '',
    status: '',
    postParent: '',
    menuOrder: '',
    postType: '',
    postPassword: '',
    isSticky: '',
    attachmentUrl: '',
    categories: [],
    meta: [],
    comments: [],
  };
}

export function emptyComment(): WxrComment {
  return { id: '', author: '', email: '', url: '', ip: '', date: '', dateGmt: '', content: '', approved: '', type: '', parent: '', userId: '', meta: [] };
}
