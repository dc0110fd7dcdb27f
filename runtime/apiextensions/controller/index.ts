// The controller that turns CustomResourceDefinitions into served resources and back.
export { CrdController, type CrdControllerOptions } from './crd-controller.js';
export { acceptNames, takenNames, type TakenNames, type NamingResult } from './names.js';
