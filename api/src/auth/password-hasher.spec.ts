import { describe, expect, it } from '@jest/globals';
import { hashPassword, verifyPassword } from './password-hasher.js';

describe('password hasher', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^scrypt\$131072\$8\$1\$/);
    await expect(verifyPassword('correct horse battery staple', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct horse battery stapl3', stored)).resolves.toBe(false);
  });

  it('salts: the same password hashes differently twice', async () => {
    const [a, b] = await Promise.all([
      hashPassword('same password!!'),
      hashPassword('same password!!'),
    ]);
    expect(a).not.toBe(b);
  });

  it.each(['', 'bcrypt$x', 'scrypt$1$1$1$$'])(
    'refuses a malformed stored hash %p',
    async (stored) => {
      await expect(verifyPassword('whatever password', stored)).resolves.toBe(false);
    },
  );
});
