import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CookieOptions, Request, Response } from 'express';
import { API_CONFIG, type ApiConfig } from '../config/api-config.js';
import { AuthService, type Session } from './auth.service.js';
import { CredentialsDto, LoginDto } from './dto/credentials.dto.js';
import { Public } from './public.decorator.js';

export const REFRESH_COOKIE = 'intake_refresh';

@ApiTags('auth')
@Public()
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @Post('register')
  async register(@Body() body: CredentialsDto, @Res({ passthrough: true }) res: Response) {
    return this.answer(await this.auth.register(body.email, body.password), res);
  }

  @Post('login')
  @HttpCode(200)
  async login(@Body() body: LoginDto, @Res({ passthrough: true }) res: Response) {
    return this.answer(await this.auth.login(body.email, body.password), res);
  }

  @Post('refresh')
  @HttpCode(200)
  async refresh(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { accessToken, expiresIn, user } = this.answer(
      await this.auth.refresh(this.presented(req)),
      res,
    );
    return { user, accessToken, expiresIn };
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logout(this.presented(req));
    res.clearCookie(REFRESH_COOKIE, this.cookieOptions());
  }

  private presented(req: Request): string | undefined {
    const cookies = req.cookies as Record<string, string | undefined> | undefined;
    return cookies?.[REFRESH_COOKIE];
  }

  private answer(session: Session, res: Response) {
    res.cookie(REFRESH_COOKIE, session.refreshToken, {
      ...this.cookieOptions(),
      expires: session.refreshExpiresAt,
    });
    return { user: session.user, accessToken: session.accessToken, expiresIn: session.expiresIn };
  }

  private cookieOptions(): CookieOptions {
    // Scoped to the auth routes: the cookie is never sent with ordinary API calls.
    return {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.COOKIE_SECURE,
      path: '/api/auth',
    };
  }
}
