import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { NoNul } from '../../common/validation/no-nul.js';

/** Accounts are found by email whatever its case or surrounding spaces. */
const EmailCase = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  );

/** Registration: a new account's email and password (api.md: password ≥ 12 characters). */
export class CredentialsDto {
  @ApiProperty({ example: 'ada@example.com' })
  @EmailCase()
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
  @EmailCase()
  @IsString()
  @MaxLength(254)
  @NoNul()
  email: string;

  @ApiProperty({ example: 'a long passphrase' })
  @IsString()
  @MaxLength(1024)
  password: string;
}
