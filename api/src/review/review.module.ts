import { Module } from '@nestjs/common';
import { ReviewController } from './review.controller.js';
import { ReviewService } from './review.service.js';

@Module({ controllers: [ReviewController], providers: [ReviewService], exports: [ReviewService] })
export class ReviewModule {}
