// Password hashing with scrypt (memory-hard, in node's crypto): format scrypt$logN$r$p$salt$hash.
import crypto from 'node:crypto';

/** node's scrypt, looked up at each call (tests watch the work each login does). */
const scrypt = (pw: string, salt: Buffer, len: number, opts: crypto.ScryptOptions) =>
  new Promise<Buffer>((ok, fail) => crypto.scrypt(pw, salt, len, opts, (err, key) => (err ? fail(err) : ok(key))));
const KEY_LEN = 32;

export async function hashPassword(password: string, logN = 15): Promise<string> {
  const salt = crypto.randomBytes(16);
  const N = 2 ** logN;
  const key = await scrypt(password, salt, KEY_LEN, { N, r: 8, p: 1, maxmem: 256 * N * 8 });
  return ['scrypt', logN, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, logN, r, p, salt, hash] = stored.split('$');
  if (alg !== 'scrypt' || !salt || !hash) return false;
  const N = 2 ** Number(logN);
  const expected = Buffer.from(hash, 'base64');
  const key = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N, r: Number(r), p: Number(p), maxmem: 256 * N * Number(r) });
  return crypto.timingSafeEqual(key, expected);
}

/** A password for a generated account: 16 characters from an alphabet without look-alikes. */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.randomBytes(16);
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
}
