import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export type Role = 'desk' | 'agency' | 'operator' | 'admin';

export interface SessionUser {
  id: string;
  username: string;
  fullName: string;
  role: Role;
  officeCode?: string;
  agencyCode?: string;
}

export interface ConsoleConfig {
  temporalUiUrl: string;
  namespace: string;
}

export interface SessionContext {
  user: SessionUser;
  config: ConsoleConfig;
}

export const Session = createContext<SessionContext | undefined>(undefined);

export function useSession(): SessionContext {
  const s = useContext(Session);
  if (!s) throw new Error('no session');
  return s;
}

/** What an operator may read, an admin may read too (people's contract). */
export const readsLikeOperator = (role: Role): boolean => role === 'operator' || role === 'admin';

/** The Temporal Web UI page of a case's workflow (its ID is the case code). */
export const temporalLink = (c: ConsoleConfig, caseCode: string): string => `${c.temporalUiUrl}/namespaces/${encodeURIComponent(c.namespace)}/workflows/${encodeURIComponent(caseCode)}`;
