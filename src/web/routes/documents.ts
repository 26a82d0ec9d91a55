// The printed documents (PDF): an inspection's 检查通知书 and 检查记录表 for its team and for staff who may
// read its draw (services/documents.ts decides), and, for staff, the 摇号记录 of a draw and all its notices.
import { Router } from 'express';
import { sendPdf } from '../send-pdf';
import type { AppDeps } from '../deps';
import { requireRole } from '../middleware/auth';
import { pattern } from '../paths';
import { idParam, publicBase } from '../requests';
import { chinaDate } from '../../domain/dates';

export function documentRoutes(deps: AppDeps): Router {
  const r = Router();
  const today = () => chinaDate(deps.clock.now());
  const n = (v: unknown) => (/^\d{1,12}$/.test(String(v)) ? Number(v) : -1);
  const team = requireRole('inspector', 'admin', 'auditor');

  r.get(pattern('noticePdf', ':drawId', ':entityId'), team, async (req, res) => {
    sendPdf(res, await deps.services.noticePdf(req.user!, n(req.params.drawId), n(req.params.entityId), publicBase(req, deps), today()));
  });
  r.get(pattern('recordPdf', ':drawId', ':entityId'), team, async (req, res) => {
    sendPdf(res, await deps.services.recordPdf(req.user!, n(req.params.drawId), n(req.params.entityId), publicBase(req, deps), today()));
  });
  r.get(pattern('drawRecordPdf', ':id'), requireRole('admin', 'auditor'), async (req, res) => {
    sendPdf(res, await deps.services.drawRecordPdf(req.user!, idParam(req), publicBase(req, deps), today()));
  });
  r.get(pattern('drawNoticesPdf', ':id'), requireRole('admin', 'auditor'), async (req, res) => {
    sendPdf(res, await deps.services.drawNoticesPdf(req.user!, idParam(req), publicBase(req, deps), today()));
  });
  return r;
}
