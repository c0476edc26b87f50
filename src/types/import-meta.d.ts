// Set to true by scripts/build.mjs in the built command line (dist/); undefined when tsx runs the sources.
interface ImportMeta {
  dauysBuilt?: boolean;
}
