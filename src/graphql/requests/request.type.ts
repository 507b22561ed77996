import { Field, ObjectType, registerEnumType } from "type-graphql";
import { ConnectionType } from "../connection";
import { Node } from "../nodes/node.type";
import { UUID } from "../scalars";

export enum RequestStatus {
  IN_PROGRESS = "IN_PROGRESS",
  SUCCEEDED = "SUCCEEDED",
  FAILED = "FAILED",
}
registerEnumType(RequestStatus, {
  name: "RequestStatus",
  description: "Where a unit of work stands.",
  valuesConfig: {
    IN_PROGRESS: {
      description: "Started, not finished. Units finish inside their mutation's transaction, so this is never observed.",
    },
    SUCCEEDED: { description: "Done; its changes are committed." },
    FAILED: { description: "Refused or failed; nothing of it was applied. `code` says why." },
  },
});

export enum RequestOperation {
  CREATE_PACKAGE = "createPackage",
  ATTACH_OFFER = "attachOffer",
  BULK_REPLACE_PACKAGE = "bulkReplacePackage",
  CREATE_SUB_CUSTOMER = "createSubCustomer",
  RENAME_CUSTOMER = "renameCustomer",
  SET_OFFER_DELEGATION = "setOfferDelegation",
  CREATE_OFFER = "createOffer",
  UPDATE_PACKAGE = "updatePackage",
  DELETE_PACKAGE = "deletePackage",
  CREATE_SUBSCRIBERS = "createSubscribers",
  ATTACH_PACKAGE = "attachPackage",
  DETACH_PACKAGE = "detachPackage",
  DETACH_OFFER = "detachOffer",
  CREATE_EXTERNAL_PARAM_CONFIG = "createExternalParamConfig",
  SET_EXTERNAL_PARAM_VALUE = "setExternalParamValue",
  CLEAR_EXTERNAL_PARAM_VALUE = "clearExternalParamValue",
  CREATE_API_KEY = "createApiKey",
  REVOKE_API_KEY = "revokeApiKey",
}
registerEnumType(RequestOperation, {
  name: "RequestOperation",
  description: "The mutation a request was a unit of work of.",
  valuesConfig: {
    CREATE_PACKAGE: { description: "createPackage." },
    ATTACH_OFFER: { description: "attachOffer." },
    BULK_REPLACE_PACKAGE: { description: "One item of bulkReplacePackage." },
    CREATE_SUB_CUSTOMER: { description: "createSubCustomer." },
    RENAME_CUSTOMER: { description: "renameCustomer." },
    SET_OFFER_DELEGATION: { description: "setOfferDelegation." },
    CREATE_OFFER: { description: "createOffer." },
    UPDATE_PACKAGE: { description: "updatePackage." },
    DELETE_PACKAGE: { description: "deletePackage." },
    CREATE_SUBSCRIBERS: { description: "One item of createSubscribers." },
    ATTACH_PACKAGE: { description: "attachPackage." },
    DETACH_PACKAGE: { description: "detachPackage." },
    DETACH_OFFER: { description: "detachOffer." },
    CREATE_EXTERNAL_PARAM_CONFIG: { description: "createExternalParamConfig." },
    SET_EXTERNAL_PARAM_VALUE: { description: "setExternalParamValue." },
    CLEAR_EXTERNAL_PARAM_VALUE: { description: "clearExternalParamValue." },
    CREATE_API_KEY: { description: "createApiKey." },
    REVOKE_API_KEY: { description: "revokeApiKey." },
  },
});

@ObjectType({
  implements: Node,
  description: "One unit of work of a mutation (one per bulk item), for external systems to follow by requestId.",
})
export class Request {
  @Field(() => UUID, { description: "The requestId." })
  id!: string;

  @Field(() => RequestOperation, { description: "The mutation it belongs to." })
  operation!: RequestOperation;

  @Field(() => RequestStatus, { description: "Where it stands." })
  status!: RequestStatus;

  @Field(() => String, { nullable: true, description: "The platform error code when it failed, else null." })
  code!: string | null;

  @Field({ description: "When it started." })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: "When it finished." })
  completedAt!: Date | null;

  requesterId!: string;
}

export const RequestConnection = ConnectionType(Request, "Request", "request");
