import { Job } from '@intake/db';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pg from 'pg';
import { Observable, Subject } from 'rxjs';
import { DataSource } from 'typeorm';
import { API_CONFIG, type ApiConfig } from '../config/api-config.js';
import { presentJob, type JobView } from '../jobs/job.presenter.js';

/** The channel the jobs trigger notifies (migration 1764000000000), with the job id. */
const CHANNEL = 'job_events';
const RECONNECT_DELAY_MS = 1_000;

interface Watched {
  changes: Subject<JobView>;
  subscribers: number;
  last: JobView | null;
  lastJson: string;
  /** A read is running; `again` asks for one more after it, for a change that came meanwhile. */
  reading: boolean;
  again: boolean;
}

/**
 * Live job changes for GET /api/jobs/:id/events. PostgreSQL NOTIFYs every committed change of a
 * job's status, progress or counts, whichever process made it (a worker, this API or another
 * instance), and this instance LISTENs on one dedicated connection. A notification only says
 * which job changed: the job is read once per instance and handed to every subscriber, in
 * order, and only when it differs from what they were last sent.
 */
@Injectable()
export class JobEventsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobEventsService.name);
  private readonly watched = new Map<string, Watched>();
  private client: pg.Client | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly closing = new Subject<void>();
  /** Emits when the API shuts down: open streams end, so the HTTP server can close. */
  readonly shutdown$: Observable<void> = this.closing.asObservable();

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.connect();
  }

  // Before the HTTP server closes, which would otherwise wait for every open stream.
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.closing.next();
    this.closing.complete();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    for (const entry of this.watched.values()) entry.changes.complete();
    this.watched.clear();
    await this.client?.end().catch(() => undefined);
  }

  /** The job as it is now, then each committed change, until the subscriber leaves. */
  watch(jobId: string): Observable<JobView> {
    return new Observable<JobView>((subscriber) => {
      let entry = this.watched.get(jobId);
      if (!entry) {
        entry = {
          changes: new Subject(),
          subscribers: 0,
          last: null,
          lastJson: '',
          reading: false,
          again: false,
        };
        this.watched.set(jobId, entry);
      }
      entry.subscribers += 1;
      const subscription = entry.changes.subscribe(subscriber);
      // What the others were sent last is current: every later commit notifies. A first
      // subscriber reads the job.
      if (entry.last) subscriber.next(entry.last);
      else void this.refresh(jobId);
      return () => {
        subscription.unsubscribe();
        const current = this.watched.get(jobId);
        if (current && --current.subscribers === 0) this.watched.delete(jobId);
      };
    });
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({
      connectionString: this.config.DATABASE_URL,
      application_name: 'intake-api-events',
    });
    const lost = (error?: Error) => {
      // Only an established connection: a failed connect is handled where it is awaited.
      if (this.client !== client) return;
      this.client = null;
      if (this.stopped) return;
      this.logger.warn(
        { err: error },
        'job events: lost the LISTEN connection; reconnecting in a second',
      );
      void client.end().catch(() => undefined);
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', (message) => {
      if (message.channel === CHANNEL && message.payload && this.watched.has(message.payload)) {
        void this.refresh(message.payload);
      }
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      this.logger.warn({ err: error }, 'job events: cannot LISTEN yet; retrying in a second');
      void client.end().catch(() => undefined);
      this.scheduleReconnect();
      return;
    }
    this.client = client;
    // Changes committed while nobody listened were not notified: read every watched job.
    for (const jobId of this.watched.keys()) void this.refresh(jobId);
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, RECONNECT_DELAY_MS);
    this.reconnectTimer.unref();
  }

  /** Reads the job and sends it if it changed; one read at a time per job keeps the order. */
  private async refresh(jobId: string): Promise<void> {
    const entry = this.watched.get(jobId);
    if (!entry) return;
    if (entry.reading) {
      entry.again = true;
      return;
    }
    entry.reading = true;
    try {
      do {
        entry.again = false;
        const job = await this.dataSource.getRepository(Job).findOneBy({ id: jobId });
        if (!job) continue;
        const view = presentJob(job);
        const json = JSON.stringify(view);
        if (json === entry.lastJson) continue;
        entry.last = view;
        entry.lastJson = json;
        entry.changes.next(view);
      } while (entry.again);
    } catch (error) {
      this.logger.error({ err: error, jobId }, 'job events: reading the job failed');
    } finally {
      entry.reading = false;
    }
  }
}
