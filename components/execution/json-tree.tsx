'use client';

import { useState } from 'react';
import styles from './json-tree.module.css';
import { formatCount } from '@/lib/domain/format';

// Execution data is user data: every string is rendered as a React text node, never parsed as markup.

const LONG_STRING = 240;
const MANY_ENTRIES = 40;

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Step Functions log details carry input/output as JSON text; shown as a tree when it parses. */
function parseEmbeddedJson(text: string): Json | undefined {
  const t = text.trimStart();
  if (!(t.startsWith('{') || t.startsWith('['))) return undefined;
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}

function entriesOf(value: Json[] | { [key: string]: Json }): Array<[string, Json]> {
  return Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
}

function LongString({ text }: { text: string }) {
  const [open, setOpen] = useState(false);
  if (text.length <= LONG_STRING) return <span className={styles.string}>&quot;{text}&quot;</span>;
  return (
    <span className={styles.string}>
      &quot;{open ? text : `${text.slice(0, LONG_STRING)}…`}&quot;{' '}
      <button type="button" className={styles.more} onClick={() => setOpen(!open)}>
        {open ? 'show less' : `show all ${formatCount(text.length)} characters`}
      </button>
    </span>
  );
}

function Container({ value, depth, expandDepth, embedded }: { value: Json[] | { [key: string]: Json }; depth: number; expandDepth: number; embedded: boolean }) {
  const entries = entriesOf(value);
  const [open, setOpen] = useState(depth < expandDepth && entries.length <= MANY_ENTRIES);
  const [showAll, setShowAll] = useState(false);
  const isArray = Array.isArray(value);
  const summary = isArray ? `[${entries.length} item${entries.length === 1 ? '' : 's'}]` : `{${entries.length} key${entries.length === 1 ? '' : 's'}}`;
  if (entries.length === 0) return <span className={styles.punct}>{isArray ? '[]' : '{}'}</span>;
  const shown = showAll ? entries : entries.slice(0, MANY_ENTRIES);
  return (
    <span>
      <button type="button" className={styles.toggle} aria-expanded={open} onClick={() => setOpen(!open)}>
        <span aria-hidden="true">{open ? '▾' : '▸'}</span> {summary}
      </button>
      {embedded ? <span className={styles.tag} title="The value is a JSON document inside a string, as Step Functions logs it">JSON text</span> : null}
      {open ? (
        <ul className={styles.children}>
          {shown.map(([k, v]) => (
            <li key={k}>
              <span className={isArray ? styles.index : styles.key}>{k}</span>
              <span className={styles.punct}>: </span>
              <JsonValue value={v} depth={depth + 1} expandDepth={expandDepth} />
            </li>
          ))}
          {entries.length > shown.length ? (
            <li>
              <button type="button" className={styles.more} onClick={() => setShowAll(true)}>
                show {entries.length - shown.length} more
              </button>
            </li>
          ) : null}
        </ul>
      ) : null}
    </span>
  );
}

function JsonValue({ value, depth, expandDepth }: { value: Json; depth: number; expandDepth: number }) {
  if (value === null) return <span className={styles.literal}>null</span>;
  if (typeof value === 'boolean') return <span className={styles.literal}>{String(value)}</span>;
  if (typeof value === 'number') return <span className={styles.number}>{String(value)}</span>;
  if (typeof value === 'string') {
    const embedded = parseEmbeddedJson(value);
    if (embedded !== undefined && embedded !== null && typeof embedded === 'object') {
      return <Container value={embedded} depth={depth} expandDepth={expandDepth} embedded />;
    }
    return <LongString text={value} />;
  }
  return <Container value={value} depth={depth} expandDepth={expandDepth} embedded={false} />;
}

/** A collapsible view of a JSON value (or of JSON text); big values start collapsed. */
export function JsonTree({ value, expandDepth = 2, label }: { value: unknown; expandDepth?: number; label?: string }) {
  return (
    <div className={styles.tree} aria-label={label}>
      <JsonValue value={(value ?? null) as Json} depth={0} expandDepth={expandDepth} />
    </div>
  );
}
