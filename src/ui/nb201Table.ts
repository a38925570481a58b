/**
 * NAS-Bench-201's table on the UI side, loaded once on first use (a separate chunk of about
 * 1 MB, fetched only when a NAS-Bench-201 view needs it).
 */
import { useEffect, useState } from 'react';
import { Nb201Table } from '../nas/nb201Table';

let loading: Promise<Nb201Table> | null = null;

/** The table, loaded on the first call. */
export function loadNb201Table(): Promise<Nb201Table> {
  loading ??= import('../data/nb201/nb201-12epoch.json').then((m) => Nb201Table.fromJson(m.default));
  return loading;
}

/** The table once loaded (null before), or the error that stopped it. */
export function useNb201Table(enabled = true): { table: Nb201Table | null; error: string | null } {
  const [state, setState] = useState<{ table: Nb201Table | null; error: string | null }>({
    table: null,
    error: null,
  });
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    loadNb201Table().then(
      (table) => live && setState({ table, error: null }),
      (err: unknown) =>
        live && setState({ table: null, error: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      live = false;
    };
  }, [enabled]);
  return state;
}
