// Streaming RFC 4180 parser: quoted fields, doubled quotes, CR/LF/CRLF, line breaks inside quotes.
// Hand-written because it is on the import's hot path: csv-parse took 5.3 s for 1,000,000 rows
// here where this takes about a fifth of that (see scripts/bench.ts).
//
// Its memory is bounded whatever the input: a field keeps at most `maxField` characters and a record
// at most `maxFields` fields; what is cut is reported with the record as a problem of that column
// (an unterminated quote makes one endless field: it is cut, and reported where it began).

/** Excel's own limit on the text of a cell. */
export const MAX_FIELD_CHARS = 32767;
/** Columns a record may have; a register has a few dozen. */
export const MAX_FIELDS = 256;

export interface RowProblem {
  /** Column index (0-based) of the problem. */
  col: number;
  reason: string;
}

export type OnRow = (cells: string[], problems?: RowProblem[]) => void;

export class CsvParser {
  private rest = '';
  private row: string[] = [];
  private field = '';
  /** Characters of the current field, counted on after it is cut. */
  private fieldLength = 0;
  private problems: RowProblem[] | undefined;
  private inQuotes = false;
  /** True between a closing quote and the next separator: `"a"b` keeps b. */
  private afterQuote = false;
  /** A line longer than this is read character by character, so that it is cut where it must be. */
  private readonly maxLine: number;

  constructor(
    private readonly sep: string = ',',
    private readonly maxField = MAX_FIELD_CHARS,
    private readonly maxFields = MAX_FIELDS,
  ) {
    this.maxLine = maxField;
  }

  /** Feeds decoded text; calls onRow for each complete record. */
  push(text: string, onRow: OnRow): void {
    const s = this.rest + text;
    this.rest = '';
    let i = 0;
    const n = s.length;
    const sep = this.sep;
    // Position of the next quote at or after i (n when none); found once, not once per line.
    let q = -1;
    while (i < n) {
      if (!this.inQuotes && this.field === '' && this.fieldLength === 0 && this.row.length === 0 && !this.afterQuote) {
        // Fast path: a whole line of bounded length with no quote character.
        const nl = s.indexOf('\n', i);
        if (nl < 0 && n - i <= this.maxLine) break;
        if (nl >= 0 && nl - i <= this.maxLine) {
          if (q < i) {
            q = s.indexOf('"', i);
            if (q < 0) q = n;
          }
          if (q > nl) {
            let line = s.slice(i, nl);
            if (line.endsWith('\r')) line = line.slice(0, -1);
            const cells = line.split(sep);
            if (cells.length > this.maxFields) onRow(cells.slice(0, this.maxFields), [this.tooManyFields()]);
            else onRow(cells);
            i = nl + 1;
            continue;
          }
        }
      }
      i = this.slow(s, i, onRow);
      if (i < 0) return;
    }
    this.rest = s.slice(i);
  }

  private tooManyFields(): RowProblem {
    return { col: this.maxFields, reason: `本行超过${this.maxFields}列，其后的列未读取；请检查分隔符和引号` };
  }

  private addChar(c: string): void {
    if (this.fieldLength++ < this.maxField) this.field += c;
  }

  /** Ends the current field: kept if the record has room, its cut reported. */
  private endField(): void {
    const col = this.row.length;
    if (col < this.maxFields) {
      this.row.push(this.field);
      if (this.fieldLength > this.maxField) {
        (this.problems ??= []).push({ col, reason: `内容过长（${this.fieldLength}个字符，上限${this.maxField}个）：可能有没有闭合的引号，或把多行内容写进了一个单元格` });
      }
    } else if (col === this.maxFields) (this.problems ??= []).push(this.tooManyFields());
    if (col >= this.maxFields) this.row.length = this.maxFields + 1; // counts on without keeping
    this.field = '';
    this.fieldLength = 0;
    this.afterQuote = false;
  }

  private endRecord(onRow: OnRow): void {
    this.endField();
    if (this.row.length > this.maxFields) this.row.length = this.maxFields;
    onRow(this.row, this.problems);
    this.row = [];
    this.problems = undefined;
  }

  /** Character-by-character until the end of the current record; returns the next index, -1 if s ran out. */
  private slow(s: string, start: number, onRow: OnRow): number {
    const sep = this.sep;
    for (let i = start; i < s.length; i++) {
      const c = s[i]!;
      if (this.inQuotes) {
        if (c === '"') {
          if (i + 1 >= s.length) {
            this.rest = '"';
            return -1; // s ran out inside a record: its state is kept in the fields above
          }
          if (s[i + 1] === '"') {
            this.addChar('"');
            i++;
          } else {
            this.inQuotes = false;
            this.afterQuote = true;
          }
        } else this.addChar(c);
      } else if (c === '"' && this.fieldLength === 0 && !this.afterQuote) {
        this.inQuotes = true;
      } else if (c === sep) {
        this.endField();
      } else if (c === '\n' || c === '\r') {
        if (c === '\r' && i + 1 >= s.length) {
          this.rest = '\r';
          return -1; // s ran out inside a record: its state is kept in the fields above
        }
        this.endRecord(onRow);
        return c === '\r' && s[i + 1] === '\n' ? i + 2 : i + 1;
      } else this.addChar(c);
    }
    return -1; // s ran out inside a record: its state is kept in the fields above
  }

  /** Ends the input: a last line without a line break is still a record; a quote still open is reported. */
  end(onRow: OnRow): void {
    if (this.rest === '\r') this.rest = '';
    if (this.rest !== '') {
      const s = this.rest;
      this.rest = '';
      this.push(s + '\n', onRow);
      if (!this.inQuotes) return;
    }
    if (this.inQuotes || this.fieldLength > 0 || this.field !== '' || this.row.length > 0) {
      if (this.inQuotes) {
        (this.problems ??= []).push({ col: Math.min(this.row.length, this.maxFields), reason: '引号没有闭合：从这一格起直到文件末尾都在引号内，无法读取；请检查这一格的引号' });
      }
      this.inQuotes = false;
      this.endRecord(onRow);
    }
  }
}
