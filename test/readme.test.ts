import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIRECTORIES } from '../src/domain/directories';

const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

describe('README', () => {
  it('documents every column the importer reads, with its accepted variants', () => {
    for (const def of Object.values(DIRECTORIES)) {
      for (const f of def.fields) {
        expect(readme, f.label).toContain(`| ${f.label} | ${f.required ? '是' : ''} | ${(f.aliases ?? []).join('、')} |`);
      }
    }
  });

  it('shows the two commands', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm test');
  });
});

describe('the test suite', () => {
  it('builds dist/ once before the tests, never in the middle of them (other files run the workers in dist/)', () => {
    const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    const tests = [...files(path.join(__dirname)), ...files(path.join(__dirname, '..', 'src'))].filter((f) => /\.test\.ts$/.test(f) && f !== __filename);
    expect(tests.length).toBeGreaterThan(20);
    for (const f of tests) expect(fs.readFileSync(f, 'utf8'), path.basename(f)).not.toMatch(/['"]build['"]|npm run build|tsc -p/);
  });
});

describe('the documentation', () => {
  const docs = path.join(__dirname, '..', 'docs');
  it('has every file the README links, and every image the user guide shows', () => {
    const links = [...readme.matchAll(/\]\((docs\/[^)]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThanOrEqual(6);
    for (const l of links) expect(fs.existsSync(path.join(__dirname, '..', l)), l).toBe(true);
    const guide = fs.readFileSync(path.join(docs, '用户手册.md'), 'utf8');
    const images = [...guide.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]!);
    expect(images.length).toBeGreaterThanOrEqual(10);
    for (const i of images) expect(fs.existsSync(path.join(docs, i)), i).toBe(true);
  });

  it('writes down the protocol choices the contract leaves open', () => {
    const protocol = fs.readFileSync(path.join(docs, 'draw-protocol.md'), 'utf8');
    for (const words of ['threshold `""`', '`；`', 'voided draws included', 'JCS text']) expect(protocol, words).toContain(words);
  });
});
