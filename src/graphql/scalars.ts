import { UUIDResolver } from "graphql-scalars";

/** Every id is the platform's UUID, unchanged (SPEC section 4). */
export const UUID = UUIDResolver;
