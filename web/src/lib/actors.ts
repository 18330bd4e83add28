import { useMemo } from 'react';
import { api, call } from '../api/client';
import { useResource } from './useResource';

/**
 * Actors are recorded as `user:<id>`, `admin:<id>`, `api_key:<id>` or `cli`. For owners (who may
 * list users) `user:<id>` becomes the user's email; otherwise the id stays, shortened.
 */
export function useActorNames(enabled: boolean): (actor: string | null | undefined) => string {
  const users = useResource(() => (enabled ? call(api.GET('/v1/users')) : Promise.resolve([])), [enabled]);
  return useMemo(() => {
    const emails = new Map((users.data ?? []).map((u) => [`user:${u.id}`, u.email]));
    return (actor) => {
      if (!actor) return '—';
      const email = emails.get(actor);
      if (email) return email;
      const m = /^(\w+):([0-9a-f-]{36})$/.exec(actor);
      return m ? `${m[1]}:${m[2]!.slice(0, 8)}` : actor;
    };
  }, [users.data]);
}
