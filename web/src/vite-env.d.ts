// Only the variables declared here may be read from import.meta.env (no implicit `any`).
interface ViteTypeOptions {
  strictImportMetaEnv: unknown;
}

interface ImportMetaEnv {
  readonly VITE_API_URL?: string;
}
