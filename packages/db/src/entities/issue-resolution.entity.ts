import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Issue } from './issue.entity.js';
import { User } from './user.entity.js';

export type IssueResolutionAction = 'resolve' | 'reopen' | 'finalize';

/**
 * The audit trail of review decisions: who did what to which issue, and when. Append-only.
 * A job-wide entry (finalize) has no issue; an issue withdrawn because a fix was taken back
 * leaves its entries, which keep their details.
 */
@Entity({ name: 'issue_resolutions' })
@Index('idx_issue_resolutions_job_at', ['jobId', 'createdAt', 'id'])
export class IssueResolutionRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'job_id', type: 'uuid' })
  jobId: string;

  @Index('idx_issue_resolutions_issue')
  @Column({ name: 'issue_id', type: 'uuid', nullable: true })
  issueId: string | null;

  @ManyToOne(() => Issue, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'issue_id' })
  issue: Relation<Issue>;

  @Column({ name: 'actor_id', type: 'uuid' })
  actorId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'actor_id' })
  actor: Relation<User>;

  @Column({ type: 'varchar', length: 16 })
  action: IssueResolutionAction;

  @Column({ type: 'jsonb' })
  details: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
