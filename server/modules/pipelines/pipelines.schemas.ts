import { z } from 'zod';
import { Timestamp } from '../../platform/http/schemas.ts';

export const PipelineStage = z
  .object({
    id: z.uuid(),
    name: z.string(),
    position: z.number().int(),
    probability: z.number().int().describe('Win probability in percent (0–100)'),
    rottingDays: z
      .number()
      .int()
      .nullable()
      .describe('An open card older than this in the stage is rotting; null: never'),
    openCount: z.number().int().describe('Open opportunities in the stage'),
  })
  .meta({ id: 'PipelineStage' });
export type PipelineStageDto = z.infer<typeof PipelineStage>;

export const Pipeline = z
  .object({
    id: z.uuid(),
    name: z.string(),
    position: z.number().int(),
    version: z.number().int().describe('Send it as If-Match to change the pipeline or its stages'),
    stages: z.array(PipelineStage),
    opportunityCount: z.number().int().describe('Opportunities of any status in the pipeline'),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Pipeline' });
export type PipelineDto = z.infer<typeof Pipeline>;

const StageName = z.string().trim().min(1).max(80);
const Probability = z.number().int().min(0).max(100);
const RottingDays = z.number().int().min(1).max(3650).nullable();

export const StageInput = z.object({
  name: StageName,
  probability: Probability.default(0),
  rottingDays: RottingDays.default(null),
});
export type StageInputDto = z.infer<typeof StageInput>;

export const CreatePipelineBody = z.object({
  name: z.string().trim().min(1).max(80),
  stages: z.array(StageInput).min(1).max(30).optional().describe('In order; the default sales stages when left out'),
});
export type CreatePipelineInput = z.infer<typeof CreatePipelineBody>;

export const UpdatePipelineBody = z.strictObject({
  name: z.string().trim().min(1).max(80).optional(),
  position: z.number().int().min(0).max(10_000).optional(),
});
export type UpdatePipelineInput = z.infer<typeof UpdatePipelineBody>;

export const CreateStageBody = StageInput.extend({
  position: z.number().int().min(0).max(100).optional().describe('0-based place among the stages; last when left out'),
});
export type CreateStageInput = z.infer<typeof CreateStageBody>;

export const UpdateStageBody = z.strictObject({
  name: StageName.optional(),
  probability: Probability.optional(),
  rottingDays: RottingDays.optional(),
});
export type UpdateStageInput = z.infer<typeof UpdateStageBody>;

export const ReorderStagesBody = z.object({
  stageIds: z.array(z.uuid()).min(1).max(30).describe('Every stage of the pipeline, in the new order'),
});

export const StageParams = z.object({ id: z.uuid(), stageId: z.uuid() });

export const DeleteStageQuery = z.object({
  moveTo: z
    .uuid()
    .optional()
    .describe('Another stage of the same pipeline to move the stage’s opportunities to; required when it has any'),
});

export const VersionHeaders = z.object({
  'if-match': z
    .string()
    .optional()
    .describe('The version you last saw (ETag); a stale one is refused with 409 version_conflict'),
});
