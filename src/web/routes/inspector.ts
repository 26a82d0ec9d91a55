// The inspectors' portal: my assignments (phone first), recording results, the printable task sheet.
import multer from 'multer';
import { MAX_BYTES } from '../../domain/evidence';
import { verifyCsrf } from '../middleware/csrf';
import { idParam } from '../requests';
import { ANSWERS, parseCheckpoints, type PointAnswer } from '../../domain/checklist';

/** A request sent by the offline app's outbox, which reads the outcome as JSON instead of a page. */
const syncing = (req: Request) => req.get('x-offline-sync') === '1';

/** A result's checklist answers (stored JSON), [] without them. */
const answersOf = (json: string | undefined): PointAnswer[] => (json ? (JSON.parse(json) as PointAnswer[]) : []);
import { Router, type Request } from 'express';
import type { AppDeps } from '../deps';
import { dueDate, inspectionWindow, itemMethods, type Assignment } from '../../services';
import { FOLLOW_UPS, RESULT_CATEGORIES } from '../../domain/results';
import { chinaDate } from '../../domain/dates';
import { createEvents } from 'ics';
import { requireRole } from '../middleware/auth';
import { NotFound } from '../errors';
import { flash, sendPage } from '../page';
import { paths, pattern } from '../paths';

export function inspectorRoutes(deps: AppDeps): Router {
  const r = Router();
  const inspector = requireRole('inspector');
  const today = () => chinaDate(deps.clock.now());

  const load = (req: Request) => {
    const a = deps.services.myAssignment(req.user!, Number(req.params.drawId), Number(req.params.entityId));
    if (!a) throw new NotFound('没有这项检查任务，或它不是分配给您的');
    return a;
  };

  const expertsOf = (a: Assignment) => {
    const people = deps.services.inspectorIdentities(a.expertIds);
    return a.expertIds.map((id) => people.get(id)!);
  };

  const team = (a: Assignment) => {
    const ids = a.inspectorIds;
    const people = deps.services.inspectorIdentities(ids);
    // 组长: the first inspector picked for the team (docs/draw-protocol.md), checkable in the bundle.
    return ids.map((id, i) => ({ ...people.get(id)!, leader: i === 0 }));
  };

  r.get(pattern('me'), inspector, (req, res) => {
    const t = today();
    const groups: Record<string, unknown[]> = { overdue: [], progress: [], upcoming: [], done: [] };
    if (req.user!.inspectorId !== null) {
      for (const a of deps.services.assignmentsOf(req.user!.inspectorId)) {
        const s = deps.services.assignmentState(a, t);
        groups[s.key]!.push({ ...a, due: dueDate(a), stateText: s.text, href: paths.assignment(a.drawId, a.entityId) });
      }
    }
    const token = deps.services.calendarTokenOf(req.user!.id);
    const base = `${req.protocol}://${req.get('host')}`;
    sendPage(deps, req, res, 'me/assignments', { title: '我的检查任务', groups, linked: req.user!.inspectorId !== null, calendarUrl: token ? base + paths.calendarFeed(token) : null });
  });

  r.post(pattern('meCalendar'), inspector, (req, res) => {
    deps.services.renewCalendarToken(req.user!, deps.clock.now().toISOString());
    flash(req, 'ok', '已生成新的日历订阅地址，旧地址已失效');
    res.redirect(303, paths.me);
  });

  // No login: the unguessable token in the URL is the credential (calendar apps cannot log in).
  r.get(pattern('calendarFeed', ':token'), (req, res) => {
    const u = /^[A-Za-z0-9_-]{32}$/.test(String(req.params.token)) ? deps.services.findUserByCalendarToken(String(req.params.token)) : undefined;
    if (!u || u.role !== 'inspector' || u.inspectorId === null) throw new NotFound('日历地址无效或已失效');
    const events = deps.services.assignmentsOf(u.inspectorId).map((a) => {
      const [y, m, d] = dueDate(a).split('-').map(Number) as [number, number, number];
      const end = new Date(Date.UTC(y, m - 1, d + 1));
      const items = deps.services.taskItems(a.taskId).map((i) => i.name).join('、');
      const names = team(a).map((p) => `${p.name}（${p.certNo}）`).join('、');
      return {
        uid: `${a.drawId}-${a.entityId}@shuangsuiji`, title: `检查期限：${a.entityName}`, start: [y, m, d] as [number, number, number],
        end: [end.getUTCFullYear(), end.getUTCMonth() + 1, end.getUTCDate()] as [number, number, number],
        description: `${a.taskNumber} ${a.taskTitle}\n统一社会信用代码：${a.uscc}\n事项：${items}\n检查组：${names}`, location: a.address, productId: 'shuangsuiji',
      };
    });
    const out = createEvents(events, { calName: '双随机检查任务' });
    if (out.error || !out.value) throw out.error ?? new Error('calendar failed');
    res.setHeader('Cache-Control', 'no-store');
    res.type('text/calendar; charset=utf-8').send(out.value);
  });

  r.get(pattern('assignment', ':drawId', ':entityId'), inspector, (req, res) => {
    const a = load(req);
    const results = deps.services.resultsOf(a.drawId, a.entityId);
    const asExpert = a.expertIds.includes(req.user!.inspectorId!);
    const attachments = deps.services.attachmentsOf(a.drawId, a.entityId);
    const items = deps.services.taskItems(a.taskId).map((i) => {
      const r = results.find((x) => x.itemId === i.id);
      const status = r?.status ?? '未录入';
      return {
        // An expert reads the results of the inspections they advise on; the inspectors record them.
        ...i, r, status, editable: !asExpert && (status === '未录入' || status === '审核退回'),
        // 检查要点 with the answers given last time (a result sent back keeps them).
        points: parseCheckpoints(i.checkpoints).map((text, k) => {
          const prev = answersOf(r?.answers)[k];
          return { i: k, n: k + 1, text, note: prev?.note ?? '', options: ANSWERS.map((a) => ({ a, checked: prev?.answer === a })) };
        }),
        answered: answersOf(r?.answers),
        attachAction: paths.assignmentAttach(a.drawId, a.entityId, i.id),
        attachments: attachments.filter((x) => x.itemId === i.id).map((x) => ({
          ...x, href: paths.attachment(x.id), image: x.mime.startsWith('image/'), kb: Math.ceil(x.size / 1024),
          withdrawAction: paths.attachmentWithdraw(x.id), withdrawn: x.withdrawnAt !== null,
        })),
        action: paths.assignmentItem(a.drawId, a.entityId, i.id),
        methodOptions: itemMethods(i).map((m) => ({ m, selected: r?.method === m })),
        categories: RESULT_CATEGORIES.map((c) => ({ c, selected: r?.category === c })),
        followUps: FOLLOW_UPS.map((f) => ({ f, selected: (r?.followUp || '无') === f })),
      };
    });
    // A map search for the address (高德地图's URI API opens its app on a phone, or its web page).
    const mapHref = a.address ? `https://uri.amap.com/search?keyword=${encodeURIComponent(a.address)}&callnative=1` : null;
    sendPage(deps, req, res, 'me/assignment', { title: `${a.entityName} · 检查任务`, a, mapHref, due: dueDate(a), team: team(a), experts: expertsOf(a), asExpert, items, today: today(), drawnOn: inspectionWindow(a).drawnOn, sheet: paths.assignmentSheet(a.drawId, a.entityId), sheetBack: paths.assignment(a.drawId, a.entityId), noticePdf: paths.noticePdf(a.drawId, a.entityId), recordPdf: paths.recordPdf(a.drawId, a.entityId) });
  });

  r.post(pattern('assignmentItem', ':drawId', ':entityId', ':itemId'), inspector, (req, res) => {
    const b = req.body as Record<string, string>;
    // The checklist's answers, point by point (every point has its note field).
    const answers: { answer: string; note: string }[] = [];
    for (let k = 0; `cpnote_${k}` in b || `cp_${k}` in b; k++) answers.push({ answer: String(b[`cp_${k}`] ?? ''), note: String(b[`cpnote_${k}`] ?? '') });
    const result = deps.services.submitResult(
      req.user!, Number(req.params.drawId), Number(req.params.entityId), Number(req.params.itemId),
      { category: b.category ?? '', inspectedOn: b.inspectedOn ?? '', method: b.method ?? '', findings: (b.findings ?? '').trim(), followUp: b.followUp ?? '无' },
      today(), deps.clock.now().toISOString(), answers, /^\d{1,9}$/.test(String(b.seen)) ? Number(b.seen) : undefined,
    );
    const message = result.ok ? '已提交，等待审核' : result.message;
    // A draft sent by the offline app (public/offline.js) gets the outcome to keep or drop the draft.
    if (syncing(req)) return res.json({ ok: result.ok, conflict: !result.ok && 'conflict' in result, message });
    flash(req, result.ok ? 'ok' : 'error', message);
    res.redirect(303, paths.assignment(String(req.params.drawId), String(req.params.entityId)));
  });

  // Evidence, held in memory up to the largest kind allowed (the service checks each kind's own limit).
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: Math.max(...Object.values(MAX_BYTES)) + 1, files: 1, fields: 5 } });
  r.post(pattern('assignmentAttach', ':drawId', ':entityId', ':itemId'), inspector, (req, res, next) => {
    upload.single('file')(req, res, (err: unknown) => {
      const back = paths.assignment(String(req.params.drawId), String(req.params.entityId));
      const answer = (ok: boolean, message: string) => {
        if (syncing(req)) return res.json({ ok, conflict: false, message });
        flash(req, ok ? 'ok' : 'error', message);
        return res.redirect(303, back);
      };
      if (err) return answer(false, (err as { code?: string }).code === 'LIMIT_FILE_SIZE' ? `文件过大：照片不超过 ${MAX_BYTES.image >> 20} MB，录音不超过 ${MAX_BYTES.audio >> 20} MB` : '上传失败，请重试');
      verifyCsrf(req, res, async (csrfErr?: unknown) => {
        if (csrfErr) return next(csrfErr);
        try {
          if (!req.file) return answer(false, '请选择要上传的照片或文件');
          const r2 = await deps.services.attachEvidence(
            req.user!, { drawId: Number(req.params.drawId), entityId: Number(req.params.entityId), itemId: Number(req.params.itemId) },
            { name: Buffer.from(req.file.originalname, 'latin1').toString('utf8'), bytes: req.file.buffer }, deps.clock.now().toISOString(),
          );
          answer(r2.ok, r2.ok ? `已上传（SHA-256 ${r2.value.sha256.slice(0, 16)}…）` : r2.message);
        } catch (e) {
          next(e);
        }
      });
    });
  });

  // A file uploaded by mistake is withdrawn with a reason (kept, marked), before the result is approved.
  r.post(pattern('attachmentWithdraw', ':id'), inspector, (req, res) => {
    const r2 = deps.services.withdrawEvidence(req.user!, idParam(req), String(req.body.reason ?? ''), deps.clock.now().toISOString());
    flash(req, r2.ok ? 'ok' : 'error', r2.ok ? '材料已作废（文件保留在电子案卷中，并注明作废原因）' : r2.message);
    const back = /^\/me\/assignments\/\d{1,12}\/\d{1,12}$/.test(String(req.body.back ?? '')) ? String(req.body.back) : paths.me;
    res.redirect(303, r2.ok ? paths.assignment(r2.value.drawId, r2.value.entityId) : back);
  });

  r.get(pattern('attachment', ':id'), requireRole('inspector', 'admin', 'auditor'), (req, res) => {
    const a = deps.services.attachmentFor(req.user!, idParam(req));
    res.setHeader('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(a.filename)}`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.type(a.mime).send(a.bytes);
  });

  r.get(pattern('assignmentSheet', ':drawId', ':entityId'), inspector, (req, res) => {
    const a = load(req);
    sendPage(deps, req, res, 'me/sheet', { title: `检查任务单 · ${a.entityName}`, a, due: dueDate(a), team: team(a), items: deps.services.taskItems(a.taskId), printedOn: today() });
  });
  return r;
}
