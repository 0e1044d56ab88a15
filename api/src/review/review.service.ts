import {
  insertFinalContacts,
  Issue,
  ISSUE_STATUSES,
  IssueResolutionRecord,
  Job,
  RawRow,
  refreshIssueCounts,
  rowNumberOf,
  type IssueResolution,
  type IssueResolutionAction,
  type IssueStatus,
} from '@intake/db';
import {
  checkEmailFix,
  duplicateIssueChange,
  isBlockingIssue,
  isFixableIssue,
  ISSUE_TYPES,
  MERGEABLE_FIELDS,
  type IssueType,
} from '@intake/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import { findOwnedJob } from '../common/ownership/find-owned-job.js';
import { decodeCursor, toPage, type Page } from '../common/pagination/keyset-cursor.js';
import { presentJob, type JobView } from '../jobs/job.presenter.js';
import type { PageQueryDto } from '../common/pagination/page-query.dto.js';
import type { BulkResolveDto } from './dto/bulk-resolve.dto.js';
import type { ListIssuesQueryDto } from './dto/list-issues-query.dto.js';
import type { ResolveAction, ResolveIssueDto } from './dto/resolve-issue.dto.js';
import { presentIssue, presentResolution, type IssueView } from './issue.presenter.js';

/** Spec §9: warnings need no resolution; an excluded warning would still keep its row. */
function warningNeedsNoResolution(type: string, details: Record<string, unknown>): DomainError {
  return new DomainError(
    'INVALID_RESOLUTION',
    `${type} is a warning: it needs no resolution.`,
    details,
  );
}

/** Stored decisions name rows by number; the API names them by row id. */
function presentDetails(jobId: string, details: Record<string, unknown>): Record<string, unknown> {
  const shown = { ...details };
  if (details.action === 'choose' || details.action === 'merge') {
    Object.assign(shown, presentResolution(jobId, details as unknown as IssueResolution));
    delete shown.rowNumber;
    delete shown.fieldRowNumbers;
  }
  if (details.previous)
    shown.previous = presentResolution(jobId, details.previous as IssueResolution);
  return shown;
}

interface AuditRow {
  id: string;
  created_at: Date;
  action: string;
  issue_id: string | null;
  details: Record<string, unknown>;
  actor_id: string;
  actor_email: string;
}

export interface AuditEntry {
  at: Date;
  actor: { id: string; email: string };
  action: string;
  /** null for a job-wide entry (finalize), or once the issue was withdrawn. */
  issueId: string | null;
  details: Record<string, unknown>;
}

export interface IssueCounts {
  byType: Record<string, number>;
  byStatus: Record<string, number>;
  /** Open issues by type: what a bulk action of that type would resolve. */
  openByType: Record<string, number>;
}

/**
 * The ids of a page of a job's issues in review order (seq), for any filter, from the one index
 * the list has, on (job, status, type, seq): one branch per status and type the filter allows,
 * each read in seq order from its part of the index and cut at the page's size, merged by seq
 * (PostgreSQL's Merge Append). An index for each filter would cost every issue a job's
 * processing inserts an entry in each; one index on (job, seq) alone would leave a filtered page
 * to skip over all the issues the filter drops. Parameters: :jobId, :limit and, with `after`,
 * :after (the cursor's seq).
 */
function issuePageSql(filter: { status?: IssueStatus; type?: IssueType; after: boolean }): string {
  // Picked from the lists, so that only their own strings reach the SQL text.
  const statuses = ISSUE_STATUSES.filter((status) => !filter.status || status === filter.status);
  const types = ISSUE_TYPES.filter((type) => !filter.type || type === filter.type);
  if (statuses.length === 0 || types.length === 0) return 'SELECT NULL::uuid WHERE false';
  const branches = statuses.flatMap((status) =>
    types.map(
      (type) =>
        `(SELECT b.id, b.seq FROM issues b
           WHERE b.job_id = :jobId AND b.status = '${status}' AND b.type = '${type}'${filter.after ? ' AND b.seq > :after' : ''}
           ORDER BY b.seq LIMIT :limit)`,
    ),
  );
  return `SELECT m.id FROM (${branches.join(' UNION ALL ')}) m ORDER BY m.seq LIMIT :limit`;
}

@Injectable()
export class ReviewService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async listIssues(
    userId: string,
    jobId: string,
    query: ListIssuesQueryDto,
  ): Promise<Page<IssueView> & { counts: IssueCounts }> {
    const job = await findOwnedJob(this.dataSource.manager, userId, jobId);
    const cursor = decodeCursor(query.cursor, ['integer']);
    const pageIds = issuePageSql({
      status: query.status,
      type: query.type,
      after: cursor !== null,
    });
    const issues = await this.dataSource
      .getRepository(Issue)
      .createQueryBuilder('issue')
      .where(`issue.id IN (${pageIds})`, { jobId, limit: query.limit + 1, after: cursor?.[0] })
      .orderBy('issue.seq', 'ASC')
      .getMany();
    const rowsByIssue = await this.rowsOf(
      this.dataSource.manager,
      jobId,
      issues.slice(0, query.limit),
    );
    const page = toPage(
      issues,
      query.limit,
      (issue) => presentIssue(issue, rowsByIssue.get(issue.id) ?? [], job.columns),
      (issue) => [issue.seq],
    );
    return { ...page, counts: await this.countIssues(jobId) };
  }

  async getIssue(userId: string, issueId: string): Promise<IssueView> {
    const { issue, columns } = await this.findOwnedIssue(this.dataSource.manager, userId, issueId);
    const rows = await this.rowsOf(this.dataSource.manager, issue.jobId, [issue]);
    return presentIssue(issue, rows.get(issue.id) ?? [], columns);
  }

  /**
   * One transaction: the job is locked (a concurrent finalize waits for it), the issue
   * row-locked, and the version compared, so of two reviewers resolving one issue exactly one wins.
   */
  async resolve(userId: string, issueId: string, body: ResolveIssueDto): Promise<IssueView> {
    return this.dataSource.transaction(async (manager) => {
      const { issue, job } = await this.lockForReview(manager, userId, issueId, body.version);
      if (issue.status !== 'OPEN') {
        throw new DomainError(
          'INVALID_STATE',
          'This issue is already resolved; reopen it first to change the decision.',
        );
      }
      if (!issue.blocking) {
        throw warningNeedsNoResolution(issue.type, { action: body.action, type: issue.type });
      }
      const rows = (await this.rowsOf(manager, issue.jobId, [issue])).get(issue.id) ?? [];
      const { action } = body;
      const resolution =
        action === 'fix'
          ? await this.applyFix(manager, issue, rows, body.email)
          : this.checkResolution(issue, rows, action, body);
      issue.status = 'RESOLVED';
      issue.resolution = resolution;
      issue.resolvedBy = userId;
      issue.resolvedAt = new Date();
      await this.saveAndRecord(manager, issue, userId, 'resolve', { ...resolution });
      return presentIssue(issue, rows, job.columns);
    });
  }

  /**
   * Spec §9: the row takes the new email, becomes valid and joins that email's group; if the
   * group's identities then differ, its DUPLICATE_EMAIL issue opens (or gains the row as a
   * candidate), which keeps the job in review.
   */
  private async applyFix(
    manager: EntityManager,
    issue: Issue,
    rows: RawRow[],
    input: string | undefined,
  ): Promise<IssueResolution> {
    const invalid = (message: string, details: Record<string, unknown> = {}) =>
      new DomainError('INVALID_RESOLUTION', message, {
        action: 'fix',
        type: issue.type,
        ...details,
      });
    if (!isFixableIssue(issue.type))
      throw invalid('Only a row with a missing or invalid email can be fixed.');
    if (input === undefined) throw invalid('fix needs "email": the new email address.');
    const check = checkEmailFix(input);
    if (!check.ok) throw invalid(check.reason, { email: input });
    const [row] = rows;
    const duplicate = await this.lockDuplicateIssue(manager, issue.jobId, check.email);
    await manager.query(
      'UPDATE raw_rows SET email = $3, is_valid = true WHERE job_id = $1 AND row_number = $2',
      [issue.jobId, row.rowNumber, check.email],
    );
    const previousEmail = row.email;
    // The answer shows the row as it is now, without reading it back.
    row.email = check.email;
    row.isValid = true;
    const groupSize = await this.regroup(manager, issue.jobId, check.email, duplicate);
    await this.adjustRowCounts(manager, issue.jobId, 1, groupSize === 2 ? 1 : 0);
    return { action: 'fix', email: check.email, previousEmail };
  }

  /**
   * Taking a fix back: the row returns to its old email and is invalid again, leaving the
   * group it joined. A group whose duplicate issue is decided keeps its rows: that decision
   * must be reopened first, since it may name this row.
   */
  private async revertFix(
    manager: EntityManager,
    issue: Issue,
    fix: Extract<IssueResolution, { action: 'fix' }>,
  ): Promise<void> {
    const duplicate = await this.lockDuplicateIssue(manager, issue.jobId, fix.email);
    if (duplicate?.status === 'RESOLVED') {
      throw new DomainError(
        'INVALID_STATE',
        `Row ${issue.rowNumbers[0]} is a candidate of the resolved duplicate-email issue for ${fix.email}: reopen that issue first.`,
        { duplicateIssueId: duplicate.id },
      );
    }
    await manager.query(
      'UPDATE raw_rows SET email = $3, is_valid = false WHERE job_id = $1 AND row_number = $2',
      [issue.jobId, issue.rowNumbers[0], fix.previousEmail],
    );
    const groupSize = await this.regroup(manager, issue.jobId, fix.email, duplicate);
    await this.adjustRowCounts(manager, issue.jobId, -1, groupSize === 1 ? -1 : 0);
  }

  /**
   * Brings an email group's DUPLICATE_EMAIL issue in line with the group's valid rows after a
   * row joined or left it (duplicateIssueChange), given that issue as the caller locked it.
   * Returns the group's size. The scan is by job and email over the job's rows: raw_rows
   * carries no email index, which would slow every load.
   */
  private async regroup(
    manager: EntityManager,
    jobId: string,
    email: string,
    duplicate: Issue | null,
  ): Promise<number> {
    const group = await manager.query<{ row_number: number; identity_key: string }[]>(
      `SELECT row_number, identity_key FROM raw_rows
        WHERE job_id = $1 AND email = $2 AND is_valid ORDER BY row_number`,
      [jobId, email],
    );
    const rowNumbers = group.map((row) => row.row_number);
    const issues = manager.getRepository(Issue);
    const change = duplicateIssueChange(
      group.map((row) => row.identity_key),
      duplicate?.status ?? null,
    );
    if (change === 'open') {
      await issues.insert({
        jobId,
        type: 'DUPLICATE_EMAIL',
        blocking: true,
        key: email,
        rowNumbers,
        status: 'OPEN',
      });
    } else if (duplicate && change === 'candidates') {
      // Its candidates changed: a reviewer holding the old version must reload.
      await issues.update({ id: duplicate.id }, { rowNumbers, version: () => 'version + 1' });
    } else if (duplicate && change === 'withdraw') {
      await issues.delete({ id: duplicate.id });
    }
    return group.length;
  }

  private async lockDuplicateIssue(
    manager: EntityManager,
    jobId: string,
    email: string,
  ): Promise<Issue | null> {
    return manager
      .getRepository(Issue)
      .createQueryBuilder('issue')
      .setLock('pessimistic_write')
      .where("issue.jobId = :jobId AND issue.type = 'DUPLICATE_EMAIL' AND issue.key = :email", {
        jobId,
        email,
      })
      .getOne();
  }

  /** Under the job's lock (lockForReview), so concurrent fixes cannot lose an update. */
  private async adjustRowCounts(
    manager: EntityManager,
    jobId: string,
    validDelta: number,
    groupDelta: number,
  ): Promise<void> {
    await manager.query(
      `UPDATE jobs SET valid_rows = valid_rows + $2, invalid_rows = invalid_rows - $2,
              duplicate_groups = duplicate_groups + $3
        WHERE id = $1`,
      [jobId, validDelta, groupDelta],
    );
  }

  /** Spec §9: a decision can be taken back until the job is finalized; the issue is open again. */
  async reopen(userId: string, issueId: string, version?: number): Promise<IssueView> {
    return this.dataSource.transaction(async (manager) => {
      const { issue, job } = await this.lockForReview(manager, userId, issueId, version);
      if (issue.status !== 'RESOLVED') {
        throw new DomainError('INVALID_STATE', 'This issue is open already.');
      }
      const previous = issue.resolution;
      if (previous?.action === 'fix') await this.revertFix(manager, issue, previous);
      issue.status = 'OPEN';
      issue.resolution = null;
      issue.resolvedBy = null;
      issue.resolvedAt = null;
      await this.saveAndRecord(manager, issue, userId, 'reopen', { previous });
      const rows = (await this.rowsOf(manager, issue.jobId, [issue])).get(issue.id) ?? [];
      return presentIssue(issue, rows, job.columns);
    });
  }

  /**
   * Resolves every open issue of one type at once, in one statement that also writes the
   * audit entries: tens of thousands of issues take one round trip, not one each.
   */
  async resolveBulk(
    userId: string,
    jobId: string,
    body: BulkResolveDto,
  ): Promise<{ resolved: number }> {
    if (body.action === 'choose_first' && body.type !== 'DUPLICATE_EMAIL') {
      throw new DomainError(
        'INVALID_RESOLUTION',
        'choose_first applies to DUPLICATE_EMAIL issues only.',
        {
          action: body.action,
          type: body.type,
        },
      );
    }
    if (!isBlockingIssue(body.type)) {
      throw warningNeedsNoResolution(body.type, { type: body.type });
    }
    return this.dataSource.transaction(async (manager) => {
      const job = await findOwnedJob(manager, userId, jobId, 'pessimistic_write');
      if (job.status !== 'NEEDS_REVIEW') {
        throw new DomainError(
          'INVALID_STATE',
          `The job is ${job.status}; issues can change only while it is in review.`,
          { status: job.status },
        );
      }
      const [{ resolved }] = await manager.query<{ resolved: number }[]>(
        `WITH resolved AS (
           UPDATE issues
              SET status = 'RESOLVED',
                  resolution = CASE WHEN $3 = 'choose_first'
                                    THEN jsonb_build_object('action', 'choose', 'rowNumber', row_numbers[1])
                                    ELSE jsonb_build_object('action', 'exclude') END,
                  resolved_by = $4, resolved_at = now(), version = version + 1, updated_at = now()
            WHERE job_id = $1 AND type = $2 AND status = 'OPEN'
        RETURNING id, version, resolution
         ), recorded AS (
           INSERT INTO issue_resolutions (job_id, issue_id, actor_id, action, details)
           SELECT $1, id, $4, 'resolve', resolution || jsonb_build_object('version', version, 'bulk', true)
             FROM resolved
           RETURNING 1
         )
         SELECT count(*)::int AS resolved FROM recorded`,
        [jobId, body.type, body.action, userId],
      );
      await refreshIssueCounts(manager, jobId);
      return { resolved };
    });
  }

  /**
   * Who did what to which issue, and who finalized, newest first, keyset-paginated. Newest first:
   * the latest decisions are what a reviewer comes to check, and one bulk decision adds an entry
   * per issue, tens of thousands of them, which oldest first put 50-entry pages away.
   */
  async audit(userId: string, jobId: string, query: PageQueryDto): Promise<Page<AuditEntry>> {
    await findOwnedJob(this.dataSource.manager, userId, jobId);
    const cursor = decodeCursor(query.cursor, ['timestamp', 'uuid']);
    const rows = await this.dataSource.query<AuditRow[]>(
      `SELECT r.id, r.created_at, r.action, r.issue_id, r.details, u.id AS actor_id, u.email AS actor_email
         FROM issue_resolutions r JOIN users u ON u.id = r.actor_id
        WHERE r.job_id = $1 AND ($2::timestamptz IS NULL OR (r.created_at, r.id) < ($2, $3::uuid))
        ORDER BY r.created_at DESC, r.id DESC
        LIMIT $4`,
      [jobId, cursor?.[0] ?? null, cursor?.[1] ?? null, query.limit + 1],
    );
    return toPage(
      rows,
      query.limit,
      (row) => ({
        at: row.created_at,
        actor: { id: row.actor_id, email: row.actor_email },
        action: row.action,
        issueId: row.issue_id,
        details: presentDetails(jobId, row.details),
      }),
      (row) => [row.created_at.toISOString(), row.id],
    );
  }

  /**
   * The issue, row-locked, of a job in review that the user owns, and that job, locked so a
   * concurrent finalize waits. With `version`, a stale one is refused: of two reviewers acting
   * on one issue, exactly one wins.
   */
  private async lockForReview(
    manager: EntityManager,
    userId: string,
    issueId: string,
    version: number | undefined,
  ): Promise<{ issue: Issue; job: Job }> {
    // Locks in one order everywhere, job then issues (bulk resolve and finalize lock the job
    // first too), so two actions on one job queue up instead of deadlocking. The job lock
    // also serializes the counts each action rewrites. The job is found through the issue, which
    // checks the owner too, so only the issue's own row lock takes a second statement.
    const job = await manager
      .getRepository(Job)
      .createQueryBuilder('job')
      .innerJoin(Issue, 'issue', 'issue.jobId = job.id')
      .where('issue.id = :issueId AND job.userId = :userId', { issueId, userId })
      .setLock('for_no_key_update', undefined, ['job'])
      .getOne();
    if (!job) throw notFound('Issue');
    const issue = await manager
      .getRepository(Issue)
      .createQueryBuilder('issue')
      .setLock('pessimistic_write')
      .where('issue.id = :issueId', { issueId })
      .getOneOrFail();
    if (job.status !== 'NEEDS_REVIEW') {
      throw new DomainError(
        'INVALID_STATE',
        job.status === 'COMPLETED'
          ? 'The job is finalized; its decisions can no longer change.'
          : `The job is ${job.status}; issues can change only while it is in review.`,
        { status: job.status },
      );
    }
    if (version !== undefined && issue.version !== version) {
      throw new DomainError(
        'VERSION_CONFLICT',
        'Someone changed this issue since you loaded it. Reload and try again.',
        { currentVersion: issue.version },
      );
    }
    return { issue, job };
  }

  /** Saves a changed issue with its next version, appends the audit entry, recounts the job. */
  private async saveAndRecord(
    manager: EntityManager,
    issue: Issue,
    userId: string,
    action: IssueResolutionAction,
    details: Record<string, unknown>,
  ): Promise<void> {
    issue.version += 1;
    await manager.getRepository(Issue).save(issue);
    await manager.getRepository(IssueResolutionRecord).insert({
      jobId: issue.jobId,
      issueId: issue.id,
      actorId: userId,
      action,
      details: { ...details, version: issue.version },
    });
    await refreshIssueCounts(manager, issue.jobId);
  }

  /** Spec §10, with the job row locked: concurrent finalizes serialize and only the first acts. */
  async finalize(userId: string, jobId: string): Promise<JobView> {
    return this.dataSource.transaction(async (manager) => {
      const job = await findOwnedJob(manager, userId, jobId, 'pessimistic_write');
      if (job.status !== 'NEEDS_REVIEW') {
        throw new DomainError(
          'INVALID_STATE',
          job.status === 'COMPLETED'
            ? 'This job is already finalized.'
            : `The job is ${job.status}; only a job in review can be finalized.`,
          { status: job.status },
        );
      }
      const open = await manager
        .getRepository(Issue)
        .countBy({ jobId, status: 'OPEN', blocking: true });
      if (open > 0) {
        throw new DomainError(
          'OPEN_ISSUES_REMAIN',
          `${open} blocking issue${open === 1 ? '' : 's'} still open: resolve ${open === 1 ? 'it' : 'them'} before finalizing.`,
          { openBlockingIssues: open },
        );
      }
      const finalContacts = await insertFinalContacts(manager, jobId);
      await manager
        .getRepository(Job)
        .update({ id: jobId }, { status: 'COMPLETED', finalContacts, finishedAt: () => 'now()' });
      await manager.getRepository(IssueResolutionRecord).insert({
        jobId,
        issueId: null,
        actorId: userId,
        action: 'finalize',
        details: { finalContacts },
      });
      return presentJob(await manager.getRepository(Job).findOneByOrFail({ id: jobId }));
    });
  }

  /** A decision that names rows of the issue (a fix changes a row instead: applyFix). */
  private checkResolution(
    issue: Issue,
    rows: RawRow[],
    action: Exclude<ResolveAction, 'fix'>,
    body: ResolveIssueDto,
  ): IssueResolution {
    const invalid = (message: string) =>
      new DomainError('INVALID_RESOLUTION', message, { action, type: issue.type });
    // `unknown`: a merge's field values are whatever JSON the client sent.
    const candidate = (rowId: unknown) => {
      const rowNumber = typeof rowId === 'string' ? rowNumberOf(issue.jobId, rowId) : null;
      return rows.find((row) => row.rowNumber === rowNumber);
    };
    switch (action) {
      case 'exclude':
        return { action: 'exclude' };
      case 'choose': {
        if (issue.type !== 'DUPLICATE_EMAIL')
          throw invalid('Only a duplicate-email issue has candidates to choose from.');
        const chosen = candidate(body.rowId);
        if (!chosen) throw invalid("rowId must be one of the issue's candidate rows.");
        return { action: 'choose', rowNumber: chosen.rowNumber };
      }
      case 'merge': {
        if (issue.type !== 'DUPLICATE_EMAIL')
          throw invalid('Only a duplicate-email issue can be merged.');
        const fields = body.fields ?? {};
        const names = Object.keys(fields);
        if (names.length === 0)
          throw invalid(
            'merge needs "fields": for each field, the candidate row whose value wins.',
          );
        const fieldRowNumbers: Record<string, number> = {};
        for (const name of names) {
          if (!(MERGEABLE_FIELDS as readonly string[]).includes(name)) {
            throw invalid(
              `"${name}" cannot be merged; choose among ${MERGEABLE_FIELDS.join(', ')}.`,
            );
          }
          const source = candidate(fields[name]);
          if (!source) throw invalid(`fields.${name} must be one of the issue's candidate rows.`);
          fieldRowNumbers[name] = source.rowNumber;
        }
        return { action: 'merge', fieldRowNumbers };
      }
    }
  }

  private async countIssues(jobId: string): Promise<IssueCounts> {
    const rows: { type: string; status: string; n: number }[] = await this.dataSource.query(
      'SELECT type, status, count(*)::int AS n FROM issues WHERE job_id = $1 GROUP BY type, status',
      [jobId],
    );
    const counts: IssueCounts = {
      byType: {},
      byStatus: { OPEN: 0, RESOLVED: 0 },
      openByType: {},
    };
    for (const { type, status, n } of rows) {
      counts.byType[type] = (counts.byType[type] ?? 0) + n;
      counts.byStatus[status] = (counts.byStatus[status] ?? 0) + n;
      if (status === 'OPEN') counts.openByType[type] = n;
    }
    return counts;
  }

  /** The rows of each issue (its one row, or its candidates), in row order, in one query. */
  private async rowsOf(
    manager: EntityManager,
    jobId: string,
    issues: Issue[],
  ): Promise<Map<string, RawRow[]>> {
    const wanted = [...new Set(issues.flatMap((i) => i.rowNumbers))];
    const rows = wanted.length
      ? await manager.getRepository(RawRow).findBy({ jobId, rowNumber: In(wanted) })
      : [];
    const byNumber = new Map(rows.map((row) => [row.rowNumber, row]));
    return new Map(
      issues.map((issue) => [
        issue.id,
        issue.rowNumbers.flatMap((n) => {
          const row = byNumber.get(n);
          return row ? [row] : [];
        }),
      ]),
    );
  }

  /** The issue, of a job the user owns, and that job's column keys. */
  private async findOwnedIssue(
    manager: EntityManager,
    userId: string,
    issueId: string,
  ): Promise<{ issue: Issue; columns: string[] }> {
    const { entities, raw } = await manager
      .getRepository(Issue)
      .createQueryBuilder('issue')
      .innerJoin(Job, 'job', 'job.id = issue.jobId')
      // The job is joined for its owner anyway: its column keys, which name the values of its
      // rows' data, come with it.
      .addSelect('job.columns', 'job_columns')
      .where('issue.id = :issueId AND job.userId = :userId', { issueId, userId })
      .getRawAndEntities<{ job_columns: string[] }>();
    if (!entities[0]) throw notFound('Issue');
    return { issue: entities[0], columns: raw[0].job_columns };
  }
}
