export * from './data-source.js';
export * from './entities/final-contact.entity.js';
export * from './entities/issue-resolution.entity.js';
export * from './entities/issue.entity.js';
export * from './entities/job.entity.js';
export * from './entities/raw-row.entity.js';
export * from './entities/refresh-token.entity.js';
export * from './entities/user.entity.js';
