/// <reference types="vite/client" />
import type { LabBridge } from '../preload/contract';

declare global {
  interface Window {
    /** Present in the desktop app (preload/index.ts); absent in web mode. */
    lab?: LabBridge;
  }
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

export {};
