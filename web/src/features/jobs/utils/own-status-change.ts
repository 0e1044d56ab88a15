/*
 * Jobs whose status this tab is changing (finalize, cancel, retry). When such a change lands
 * and took the pressed button with it, the job's page gives the keyboard to the job's title;
 * a change made elsewhere (another tab, another reviewer, the worker) moves nothing, so that
 * nobody's reading place jumps without their doing.
 */
const changing = new Set<string>();

export function expectOwnStatusChange(jobId: string): void {
  changing.add(jobId);
}

/**
 * Whether this tab was changing the job's status; asked once per change, and by a refused change
 * too, so that the next change is not taken for this tab's.
 */
export function takeOwnStatusChange(jobId: string): boolean {
  return changing.delete(jobId);
}
