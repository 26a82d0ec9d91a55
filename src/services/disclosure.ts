// When a draw's list may be public: the rule shared by the public pages and the static export.
import type { Db } from '../store/db';
import { addDays, chinaDate } from '../domain/dates';
import { finishedSelections, type PublicTask } from '../store/public';
import { drawSummary, taskItems, type DrawRow } from '../store/tasks';

/** The day the inspections of a draw are due: the task's date, else 30 days after the draw. */
export function dueDate(a: { inspectBy: string; drawnAt: string }): string {
  return a.inspectBy || addDays(chinaDate(new Date(a.drawnAt)), 30);
}

/**
 * A held-back list (unannounced inspections) is released when its inspections end: all results
 * approved, or the due day passed. A list not held back is public from the draw.
 */
export function listReleased(db: Db, t: PublicTask, d: DrawRow, today: string): boolean {
  if (!t.holdList) return true;
  if (dueDate({ inspectBy: t.inspectBy, drawnAt: d.drawnAt }) < today) return true;
  return finishedSelections(db, d.id, taskItems(db, t.id).length) >= drawSummary(d).selected;
}
