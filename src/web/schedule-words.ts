// A schedule's time in words for pages (每月1日9:00), its cron expression only where no plain reading fits.
import { cronInChinese } from '../domain/cron';
import { parseCron } from '../services';

export function scheduleWords(expr: string): string {
  const f = parseCron(expr);
  return (f.ok && cronInChinese(f.value)) || `按时间表（${expr}，北京时间）`;
}
