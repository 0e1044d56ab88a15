import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, MaxLength, MinLength, NotContains } from 'class-validator';

/** Registration: a new account's email and password (api.md: password ≥ 12 characters). */
export class CredentialsDto {
  @ApiProperty({ example: 'ada@example.com' })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 12, example: 'a long passphrase' })
  @IsString()
  @MinLength(12, { message: 'must be at least 12 characters' })
  @MaxLength(1024)
  password: string;
}

/**
 * Login: the rules of a new password do not apply. A short or otherwise wrong password is
 * just wrong (401 INVALID_CREDENTIALS), as is an email that could never have registered.
 */
export class LoginDto {
  @ApiProperty({ example: 'ada@example.com' })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsString()
  @MaxLength(254)
  // PostgreSQL text cannot hold NUL: refused here rather than failing the lookup.
  @NotContains('\u0000', { message: 'must not contain a NUL character' })
  email: string;

  @ApiProperty({ example: 'a long passphrase' })
  @IsString()
  @MaxLength(1024)
  password: string;
}
