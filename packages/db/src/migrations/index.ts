import type { MigrationInterface } from 'typeorm';
import { InitialSchema1763800000000 } from './1763800000000-initial-schema.js';
import { ReviewEvents1764000000000 } from './1764000000000-review-events.js';
import { FastFinalize1764100000000 } from './1764100000000-fast-finalize.js';
import { EmailSeen1764200000000 } from './1764200000000-email-seen.js';
import { LeanIssueIndexes1764300000000 } from './1764300000000-lean-issue-indexes.js';
import { JobsUpdatedAt1764400000000 } from './1764400000000-jobs-updated-at.js';
import { RawRowPartialIndexes1764500000000 } from './1764500000000-raw-row-partial-indexes.js';
import { OneIssueListIndex1764600000000 } from './1764600000000-one-issue-list-index.js';
import { RowDataAsArrays1764700000000 } from './1764700000000-row-data-as-arrays.js';

type MigrationClass = new () => MigrationInterface;

/** In order of application. Never edit a migration once it has landed; add a new one. */
export const MIGRATIONS: MigrationClass[] = [
  InitialSchema1763800000000,
  ReviewEvents1764000000000,
  FastFinalize1764100000000,
  EmailSeen1764200000000,
  LeanIssueIndexes1764300000000,
  JobsUpdatedAt1764400000000,
  RawRowPartialIndexes1764500000000,
  OneIssueListIndex1764600000000,
  RowDataAsArrays1764700000000,
];
