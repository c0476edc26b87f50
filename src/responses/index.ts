// The public face of src/responses: other modules import only from here.
export type { ResponsesService } from './responses.service.ts';
export type {
  Official,
  OfficialResponse,
  OfficialsDirectory,
  Subject,
  SubjectProvider,
  SubjectType,
  UpdateRecipient,
} from './responses.ts';
export { ResponseBlock } from './views/response-block.tsx';
