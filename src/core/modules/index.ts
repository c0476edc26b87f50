// The public face of src/core/modules: other modules import only from here.
export { defineModule } from './module.ts';
export type {
  Contributions,
  DashboardStatus,
  KeysOf,
  NavItem,
  ReferenceLoader,
  SetupCheck,
  SetupState,
  StatusNote,
} from './module.ts';
