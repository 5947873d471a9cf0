// The sandboxed preload: `window.lab` is the contract's LabBridge over Electron IPC.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld('lab', createBridge(ipcRenderer));
