import type { CustodialDirection, HearingResult } from './hearing.ts';
import type { MatchDecision } from './matching.ts';

/** What Release Guard did about a matched change. */
export type CourtAction = 'HOLD_PLACED' | 'QUERY_RAISED' | 'NO_ACTION' | 'REVIEW' | 'HELD_FOR_UNIT';

export interface DefendantDecision {
  defendantId: string;
  caseUrn: string;
  decision: MatchDecision;
  change: { direction: CustodialDirection; label: string } | null;
  action?: CourtAction;
  actionDetail?: string;
}

export interface StoredHearing {
  hearingId: string;
  version: number;
  status: 'RECEIVED' | 'MATCHED' | 'MALFORMED';
  courtCode?: string;
  jurisdiction?: string;
  errors?: { field: string; message: string }[];
  receivedAt: string;
  defendants: DefendantDecision[];
}

/** Court results as received, and what became of each defendant: in PostgreSQL (src/infra/court). */
export interface HearingStore {
  /** Keeps a hearing version; a second receipt of the same body is the same, another body under it a conflict. */
  receive(result: HearingResult, digest: string, by: string): Promise<'NEW' | 'SAME' | 'DIFFERENT'>;
  /** Keeps what could not be read, with why, under the digest of its body. */
  receiveMalformed(id: string, raw: string, errors: { field: string; message: string }[], by: string): Promise<void>;
  body(hearingId: string, version: number): Promise<HearingResult | null>;
  recordDecisions(hearingId: string, version: number, decisions: DefendantDecision[]): Promise<void>;
  recordAction(
    hearingId: string,
    version: number,
    defendantId: string,
    action: CourtAction,
    detail: string,
  ): Promise<void>;
  read(hearingId: string, version: number): Promise<StoredHearing | null>;
  /** What waits for the unit: hearings that could not be read, and defendants held for it (newest first). */
  attention(limit: number): Promise<CourtAttention>;
  /** How far a pull from `source` has got (ISO instant), or null before its first. */
  watermark(source: string): Promise<string | null>;
  setWatermark(source: string, until: string): Promise<void>;
}

export interface CourtAttention {
  malformed: {
    hearingId: string;
    receivedAt: string;
    receivedBy: string;
    errors: { field: string; message: string }[];
  }[];
  heldForUnit: {
    hearingId: string;
    version: number;
    defendantId: string;
    caseUrn: string;
    outcome: string;
    actionDetail?: string;
    explanation: string[];
    decidedAt: string;
  }[];
}

/** Where the hourly reconciliation pulls court results from: a file drop, an HTTP endpoint, or a fake in tests. */
export interface CourtResultsSource {
  /** A name for the watermark. */
  readonly name: string;
  /** The raw hearing bodies resulted in [since, until), each as sent. */
  pull(since: string, until: string): Promise<string[]>;
  /** Called once a pulled body is kept, so a file drop can set it aside. */
  done?(raw: string): Promise<void>;
}
