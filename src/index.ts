// npm entry: `import { Filecheck } from '@filecheck/intake'`.
import { Filecheck as factory } from './embed/factory';
import { mountIntake } from './embed/mount';
import { defineIntakeElement } from './embed/custom-element';

export const Filecheck = Object.assign(factory, { mount: mountIntake, defineElement: defineIntakeElement });
export default Filecheck;
export { defineIntakeElement, mountIntake };
export { DEFAULT_CART_BUTTONS } from './embed/gate';
export type { GateConfig } from './embed/gate';
export type { Intake, IntakeOptions } from './embed/intake';
export type { FilecheckInstance, FilecheckOptions } from './embed/factory';
export type { MountConfig } from './embed/mount';
export type { IntakeEventName } from './embed/events';
export * from './core/types';
