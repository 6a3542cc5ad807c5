import protobuf from 'protobufjs';
import { PROTO_FILES, PROTO_OBJECT_OPTIONS, PROTO_ROOT } from "./proto.js";
/** A payload that is not a valid instance of the message type its topic declares. */
export class PayloadError extends Error {
    name = 'PayloadError';
}
const root = new protobuf.Root();
root.resolvePath = (_origin, target) => (target.startsWith('google/') ? target : PROTO_ROOT + target);
root.loadSync([...PROTO_FILES], { keepCase: PROTO_OBJECT_OPTIONS.keepCase });
root.resolveAll();
const types = new Map();
function typeOf(name) {
    let type = types.get(name);
    if (!type) {
        type = root.lookupType(name);
        types.set(name, type);
    }
    return type;
}
export function encodeMessage(name, value) {
    const type = typeOf(name);
    let message;
    try {
        // fromObject maps enum names to numbers, which verify() alone would reject.
        message = type.fromObject(value);
    }
    catch (error) {
        throw new PayloadError(`${name}: ${error.message}`);
    }
    const problem = type.verify(message);
    if (problem)
        throw new PayloadError(`${name}: ${problem}`);
    return type.encode(message).finish();
}
export function decodeMessage(name, bytes) {
    const type = typeOf(name);
    let message;
    try {
        message = type.decode(bytes);
    }
    catch (error) {
        throw new PayloadError(`${name}: ${error.message}`);
    }
    return type.toObject(message, PROTO_OBJECT_OPTIONS);
}
//# sourceMappingURL=codec.js.map