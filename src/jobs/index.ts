// The public face of src/jobs: other modules import only from here.
export { createJobsService } from './jobs.service.ts';
export type { JobsService } from './jobs.service.ts';
