import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'users' })
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lowercased, so uniqueness is case-insensitive. */
  @Index('uq_users_email', { unique: true })
  @Column({ type: 'text' })
  email: string;

  /** `scrypt$N$r$p$salt$hash`, all base64url: the parameters travel with the hash. */
  @Column({ name: 'password_hash', type: 'text' })
  passwordHash: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
