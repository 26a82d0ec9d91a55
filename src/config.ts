// Reads the environment once, typed. Development defaults; production refuses to start without what it needs.
import path from 'node:path';
import { projectRoot } from './root';

export interface Config {
  production: boolean;
  host: string;
  port: number;
  dataDir: string;
  dbFile: string;
  uploadsDir: string;
  /** Initial admin password; when unset on first start one is generated and printed once. */
  adminPassword: string | null;
  /** Load the demo departments and directories into an empty database. */
  loadDemo: boolean;
  /** Cookies only over HTTPS (on behind a TLS proxy in production). */
  secureCookies: boolean;
  trustProxy: boolean;
  /** Failed or successful logins allowed per client address per 15 minutes. */
  loginLimit: number;
  /** scrypt cost (log2 N); lowered only by tests. */
  scryptLogN: number;
  logLevel: string;
  /** Run the scheduled jobs (draws on cron schedules); off in tests. */
  jobs: boolean;
  /** Mask the names of individual businesses (个体工商户) on public pages. */
  maskIndividualNames: boolean;
  /** Public searches and entity checks allowed per client address per minute. */
  publicQueryLimit: number;
  /**
   * Publish full draw bundles even when strata are credit-risk classes (which the bundle then shows
   * per entity). Off by default: classes are not published (domain.md).
   */
  publishCreditStrata: boolean;
  /** A drand relay (HTTP API) the server fetches due quicknet rounds from; '' for none (staff paste rounds). */
  drandRelay: string;
  /**
   * The site's public address (https://example.gov.cn), which the QR codes of printed documents point
   * to; '' to use the address a request came to.
   */
  publicUrl: string;
  /** The largest file a directory import takes, in MB (a special list's: at most 64). */
  importMaxMb: number;
  /** Hours between an ssj-draw/2 commitment and its beacon by default (at least 1). */
  leadHours: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const dataDir = path.resolve(env.SSJ_DATA_DIR ?? path.join(projectRoot(), 'data'));
  const port = Number(env.PORT ?? env.SSJ_PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${env.PORT}`);
  const secureCookies = env.SSJ_SECURE_COOKIES ? env.SSJ_SECURE_COOKIES === '1' : production;
  return {
    production,
    host: env.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
    port,
    dataDir,
    dbFile: path.resolve(env.SSJ_DB_FILE ?? path.join(dataDir, 'shuangsuiji.db')),
    uploadsDir: path.join(dataDir, 'uploads'),
    adminPassword: env.SSJ_ADMIN_PASSWORD || null,
    loadDemo: env.SSJ_DEMO ? env.SSJ_DEMO !== '0' : !production,
    secureCookies,
    trustProxy: env.SSJ_TRUST_PROXY === '1',
    loginLimit: Number(env.SSJ_LOGIN_LIMIT ?? 10),
    scryptLogN: Number(env.SSJ_SCRYPT_LOG_N ?? 15),
    importMaxMb: Number(env.SSJ_IMPORT_MAX_MB ?? 512),
    publicUrl: (env.SSJ_PUBLIC_URL ?? '').replace(/\/+$/, ''),
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    jobs: env.SSJ_JOBS ? env.SSJ_JOBS !== '0' : env.NODE_ENV !== 'test',
    maskIndividualNames: env.SSJ_MASK_INDIVIDUAL_NAMES !== '0',
    publicQueryLimit: Number(env.SSJ_PUBLIC_QUERY_LIMIT ?? 30),
    publishCreditStrata: env.SSJ_PUBLISH_CREDIT_STRATA === '1',
    drandRelay: env.SSJ_DRAND_RELAY ?? 'https://api.drand.sh',
    leadHours: Math.max(1, Math.trunc(Number(env.SSJ_LEAD_HOURS ?? 24)) || 24),
  };
}
