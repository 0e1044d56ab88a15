import { RefreshToken, User } from '@intake/db';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { DomainError } from '../common/errors/domain-error.js';
import { API_CONFIG, type ApiConfig } from '../config/api-config.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password-hasher.js';

export interface Session {
  user: { id: string; email: string };
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresAt: Date;
}

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');
const UNIQUE_VIOLATION = '23505';

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async register(email: string, password: string): Promise<Session> {
    const users = this.dataSource.getRepository(User);
    const user = users.create({ email, passwordHash: await hashPassword(password) });
    try {
      await users.insert(user);
    } catch (error) {
      if ((error as { driverError?: { code?: string } }).driverError?.code === UNIQUE_VIOLATION) {
        throw new DomainError(
          'EMAIL_TAKEN',
          'An account with this email already exists. Sign in instead.',
        );
      }
      throw error;
    }
    return this.openSession(user, randomUUID());
  }

  async login(email: string, password: string): Promise<Session> {
    const user = await this.dataSource.getRepository(User).findOneBy({ email });
    const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
    if (!user || !ok) {
      throw new DomainError('INVALID_CREDENTIALS', 'The email or the password is wrong.');
    }
    return this.openSession(user, randomUUID());
  }

  /**
   * Rotates: the presented token is spent and a new one of the same family issued. Presenting
   * a spent token means it was stolen or replayed, so the whole family is revoked.
   */
  async refresh(presented: string | undefined): Promise<Session> {
    const invalid = () =>
      new DomainError('INVALID_REFRESH_TOKEN', 'Your session has ended. Sign in again.');
    if (!presented) throw invalid();
    const session = await this.dataSource.transaction(async (manager) => {
      const tokens = manager.getRepository(RefreshToken);
      const spent = await tokens
        .createQueryBuilder()
        .update()
        .set({ revokedAt: () => 'now()' })
        .where('token_hash = :hash AND revoked_at IS NULL AND expires_at > now()', {
          hash: sha256(presented),
        })
        // Property names: TypeORM resolves `returning([...])` through the entity's properties and
        // silently drops unknown ones, so column names here meant no RETURNING and no session.
        .returning(['userId', 'familyId'])
        .execute();
      const row = (spent.raw as { user_id: string; family_id: string }[])[0];
      if (!row) {
        const known = await tokens.findOneBy({ tokenHash: sha256(presented) });
        if (known?.revokedAt) {
          await tokens.update(
            { familyId: known.familyId, revokedAt: IsNull() },
            { revokedAt: new Date() },
          );
        }
        // Not thrown in here: throwing would roll back the family's revocation just made.
        return null;
      }
      const user = await manager.getRepository(User).findOneByOrFail({ id: row.user_id });
      return this.openSession(user, row.family_id, manager.getRepository(RefreshToken));
    });
    if (!session) throw invalid();
    return session;
  }

  async logout(presented: string | undefined): Promise<void> {
    if (!presented) return;
    const tokens = this.dataSource.getRepository(RefreshToken);
    const known = await tokens.findOneBy({ tokenHash: sha256(presented) });
    if (known)
      await tokens.update(
        { familyId: known.familyId, revokedAt: IsNull() },
        { revokedAt: new Date() },
      );
  }

  private async openSession(
    user: User,
    familyId: string,
    tokens = this.dataSource.getRepository(RefreshToken),
  ): Promise<Session> {
    const refreshToken = randomBytes(32).toString('base64url');
    const refreshExpiresAt = new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_DAYS * 86_400_000);
    await tokens.insert({
      userId: user.id,
      tokenHash: sha256(refreshToken),
      familyId,
      expiresAt: refreshExpiresAt,
    });
    const accessToken = await this.jwt.signAsync({ sub: user.id, email: user.email });
    return {
      user: { id: user.id, email: user.email },
      accessToken,
      expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS,
      refreshToken,
      refreshExpiresAt,
    };
  }
}
