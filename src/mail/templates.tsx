/**
 * Mail bodies: plain text and simple HTML for each message. The HTML is JSX, so everything a
 * visitor typed (names, comment text, headlines) is escaped by construction. No template takes a
 * commenter's email address, so none can print one.
 */
import { h, type Child, type Html } from '../kernel/jsx.js';

/** A rendered message body. */
export interface MailBody {
  subject: string;
  text: string;
  html: string;
}

/** What a mail says about a comment: never its email or IP. */
export interface MailComment {
  author: string;
  url: string;
  body: string;
}

const EXCERPT = 1200;

function excerpt(body: string): string {
  const t = body.replace(/\r\n?/g, '\n').trim();
  return t.length > EXCERPT ? t.slice(0, EXCERPT).trimEnd() + '…' : t;
}

/** Comment text as quoted paragraphs, escaped. */
function Quote({ text }: { text: string }): Html {
  return (
    <blockquote style="margin:12px 0;padding:4px 12px;border-left:3px solid #ccc;color:#333">
      {excerpt(text)
        .split(/\n{2,}/)
        .map((p) => (
          <p style="margin:8px 0;white-space:pre-wrap">{p}</p>
        ))}
    </blockquote>
  );
}

function Frame({ site, children, footer }: { site: string; children?: Child; footer?: Child }): string {
  const html = (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
      </head>
      <body style="font-family:Georgia,serif;font-size:16px;line-height:1.5;color:#111;max-width:600px;margin:0 auto;padding:16px">
        <p style="font-weight:bold;font-size:20px;margin:0 0 16px">{site}</p>
        {children}
        {footer ? <p style="font-size:13px;color:#666;border-top:1px solid #ddd;margin-top:24px;padding-top:8px">{footer}</p> : null}
      </body>
    </html>
  );
  return '<!DOCTYPE html>\n' + html.value;
}

function Button({ href, children }: { href: string; children?: Child }): Html {
  return (
    <a href={href} style="display:inline-block;margin:4px 8px 4px 0;padding:6px 14px;border:1px solid #111;border-radius:4px;color:#111;text-decoration:none">
      {children}
    </a>
  );
}

const indent = (s: string) => excerpt(s).replace(/^/gm, '> ');

/** A subject on one line and of reasonable length, whatever a visitor put in a name. */
function subjectLine(s: string): string {
  const one = s.replace(/[\r\n\t\u2028\u2029]+/g, ' ').trim();
  return one.length > 150 ? one.slice(0, 149) + '…' : one;
}

/** To editors and administrators: a comment is waiting, with signed one-click links. */
export function moderationMail(p: {
  site: string;
  article: { headline: string; url: string };
  comment: MailComment;
  reason: string;
  links: { approve: string; spam: string; trash: string };
  queueUrl: string;
}): MailBody {
  const subject = subjectLine(`[${p.site}] Please moderate: "${p.article.headline}"`);
  const text = [
    `A new comment on "${p.article.headline}" is waiting for your approval.`,
    p.article.url,
    '',
    `Author: ${p.comment.author}`,
    p.comment.url ? `Website: ${p.comment.url}` : '',
    p.reason ? `Held because: ${p.reason}` : '',
    '',
    indent(p.comment.body),
    '',
    `Approve it: ${p.links.approve}`,
    `Spam it:    ${p.links.spam}`,
    `Trash it:   ${p.links.trash}`,
    '',
    'Each link asks you to confirm, and works for 7 days.',
    `All comments waiting: ${p.queueUrl}`,
  ]
    .filter((l, i, a) => l !== '' || a[i - 1] !== '')
    .join('\n');
  const html = Frame({
    site: p.site,
    footer: ['Each link asks you to confirm, and works for 7 days. ', <a href={p.queueUrl}>All comments waiting</a>],
    children: [
      <p>
        A new comment on <a href={p.article.url}>{p.article.headline}</a> is waiting for your approval.
      </p>,
      <p>
        <strong>{p.comment.author}</strong>
        {p.comment.url ? [' · ', p.comment.url] : null}
        {p.reason ? [<br />, 'Held because: ', p.reason] : null}
      </p>,
      <Quote text={p.comment.body} />,
      <p>
        <Button href={p.links.approve}>Approve</Button>
        <Button href={p.links.spam}>Spam</Button>
        <Button href={p.links.trash}>Trash</Button>
      </p>,
    ],
  });
  return { subject, text, html };
}

/** The double opt-in: asks the address's owner to confirm before any reply notification. */
export function confirmMail(p: { site: string; article: { headline: string; url: string }; confirmUrl: string }): MailBody {
  const subject = subjectLine(`[${p.site}] Confirm reply notifications`);
  const text = [
    `Someone, probably you, commented on "${p.article.headline}" with this address and asked to be told about replies.`,
    '',
    `To get an email when someone replies to your comments, confirm here:`,
    p.confirmUrl,
    '',
    'If this was not you, ignore this message: you will get nothing more from us.',
  ].join('\n');
  const html = Frame({
    site: p.site,
    footer: 'If this was not you, ignore this message: you will get nothing more from us.',
    children: [
      <p>
        Someone, probably you, commented on <a href={p.article.url}>{p.article.headline}</a> with this address and asked to be told about replies.
      </p>,
      <p>
        <Button href={p.confirmUrl}>Confirm reply notifications</Button>
      </p>,
    ],
  });
  return { subject, text, html };
}

/** To a confirmed subscriber: someone replied to their comment. */
export function replyMail(p: {
  site: string;
  article: { headline: string; url: string };
  reply: MailComment & { link: string };
  unsubscribeUrl: string;
}): MailBody {
  const subject = subjectLine(`[${p.site}] ${p.reply.author} replied to your comment`);
  const text = [
    `${p.reply.author} replied to your comment on "${p.article.headline}":`,
    '',
    indent(p.reply.body),
    '',
    `Read the conversation: ${p.reply.link}`,
    '',
    `Stop these emails (one click): ${p.unsubscribeUrl}`,
  ].join('\n');
  const html = Frame({
    site: p.site,
    footer: ['You get this because you asked to be told about replies. ', <a href={p.unsubscribeUrl}>Unsubscribe</a>],
    children: [
      <p>
        <strong>{p.reply.author}</strong> replied to your comment on <a href={p.article.url}>{p.article.headline}</a>:
      </p>,
      <Quote text={p.reply.body} />,
      <p>
        <Button href={p.reply.link}>Read the conversation</Button>
      </p>,
    ],
  });
  return { subject, text, html };
}
