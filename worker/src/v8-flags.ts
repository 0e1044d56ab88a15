import { setFlagsFromString } from 'node:v8';

/*
 * Imported first by main.ts, so it runs before any other module of the worker.
 *
 * V8's allocation-site pretenuring is turned off. The load builds rows in batches, and when a
 * young-generation collection happens to land while a batch is alive, every object from the
 * batch's allocation sites survives it. V8 then decides those sites are long-lived
 * ("maybe tenure" at a ratio of 1.0, --trace-pretenuring-statistics) and allocates or promotes
 * their short-lived objects into the old generation for the rest of the job. That run then
 * does ~70 full collections per million rows instead of 6.
 * Parsing the 1M-row benchmark file to COPY text, standalone, with this process's heap flags:
 * - with pretenuring: that pattern in 5 of 6 runs, 6.3-7.6 s of CPU (wall 4.8-5.9 s), against
 *   4.2 s in the sixth;
 * - without: 6 full collections and 4.0-4.9 s of CPU (wall 3.8-4.6 s) in 18 of 18 runs.
 * A flag on the command line would do the same, but NODE_OPTIONS does not accept it, and here
 * it holds wherever the worker runs.
 */
setFlagsFromString('--no-allocation-site-pretenuring');
