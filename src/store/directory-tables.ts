// Maps directory fields onto table columns. Column names come only from these constants,
// never from input, which is what makes the SQL assembled from them safe (values are always bound).
import { DIRECTORIES, type DirectoryKind } from '../domain/directories';

export interface Column {
  field: string;
  column: string;
}

export interface TableSpec {
  kind: DirectoryKind;
  table: 'items' | 'entities' | 'inspectors';
  /** items and inspectors belong to a department; entities are shared by all. */
  scoped: boolean;
  key: Column;
  columns: Column[];
  /** Fields the list page filters on by equality, each backed by an index where the table is large. */
  filters: string[];
  /** Fields searched by the free-text box. */
  search: string[];
}

export function snake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
}

function spec(kind: DirectoryKind, scoped: boolean, filters: string[], search: string[]): TableSpec {
  const def = DIRECTORIES[kind];
  const columns = def.fields.map((f) => ({ field: f.key, column: snake(f.key) }));
  const key = columns.find((c) => c.field === def.key)!;
  return { kind, table: kind, scoped, key, columns, filters, search };
}

export const TABLES: Record<DirectoryKind, TableSpec> = {
  items: spec('items', true, ['itemType', 'category'], ['name', 'code']),
  entities: spec('entities', false, ['region', 'industry', 'entityType', 'creditClass', 'regState'], ['name', 'uscc']),
  inspectors: spec('inspectors', true, ['region', 'status', 'isExpert', 'unit'], ['name', 'certNo']),
};

export function columnOf(t: TableSpec, field: string): string {
  const c = t.columns.find((x) => x.field === field);
  if (!c) throw new Error(`${t.table} has no field ${field}`);
  return c.column;
}
