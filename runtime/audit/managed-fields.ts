// omitManagedFields: the event gets a copy without metadata.managedFields (an object, each item
// of a list, each row object of a Table); the object the server holds is never touched.

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function withoutOwn(obj: Obj): Obj {
  const meta = obj.metadata;
  if (!isObj(meta) || !('managedFields' in meta)) return obj;
  const { managedFields: _dropped, ...rest } = meta;
  return { ...obj, metadata: rest };
}

export function withoutManagedFields(value: unknown): unknown {
  if (!isObj(value)) return value;
  let out = withoutOwn(value);
  if (Array.isArray(out.items)) {
    const items = out.items.map((item) => (isObj(item) ? withoutOwn(item) : item));
    out = { ...out, items };
  }
  if (out.kind === 'Table' && Array.isArray(out.rows)) {
    const rows = out.rows.map((row) => (isObj(row) && isObj(row.object) ? { ...row, object: withoutOwn(row.object) } : row));
    out = { ...out, rows };
  }
  return out;
}
