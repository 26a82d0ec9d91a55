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
