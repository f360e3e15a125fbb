/**
 * What the editor page is drawn from (editor-view.tsx and publish-panel.tsx share it).
 */
import type { ArticleStatus, ArticleType, Revision } from '../../db/schema.js';
import type { Html } from '../../kernel/jsx.js';
import type { CorrectionNote } from '../../content/corrections.js';
import type { EditorForm } from './save.js';

export const STATUS_LABEL: Record<string, string> = {
  draft: 'Draft',
  pending: 'Pending review',
  scheduled: 'Scheduled',
  published: 'Published',
  trash: 'In the trash',
  private: 'Private',
};

/** What the form shows: exactly what it sends (see save.ts). */
export type EditorValues = EditorForm;

export interface EditorProps {
  type: ArticleType;
  base: string;
  id: number | null;
  values: EditorValues;
  errors: Record<string, string>;
  errorMessage?: string;
  csrf: Html;
  statuses: ArticleStatus[];
  /** The stored article's status and date; null for a new one. */
  current: { status: ArticleStatus; publishedAt: number | null } | null;
  now: number;
  /** Now as the date field writes it, in the site's zone (editor.js compares against it). */
  nowLocal: string;
  sections: { id: number; name: string; parent_id: number | null }[];
  /** Everyone who may be credited (or, when the writer may not choose, the current byline). */
  people: { id: number; name: string }[];
  chooseAuthors: boolean;
  canUpload: boolean;
  media: { id: number; name: string; path: string }[];
  timeZone: string;
  /** Where the article can be read: its permalink when visible, else a private preview link. */
  viewUrl: string | null;
  previewUrl: string | null;
  autosave: Revision | null;
  canTrash: boolean;
  corrections: CorrectionNote[];
}
