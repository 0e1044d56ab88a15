import { jest } from '@jest/globals';

// End-to-end tests boot real services and move real files: seconds, not milliseconds.
jest.setTimeout(120_000);
