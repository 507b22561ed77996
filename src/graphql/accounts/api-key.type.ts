import { Field, ObjectType } from "type-graphql";
import { ConnectionType } from "../connection";
import { Node } from "../nodes/node.type";
import { UUID } from "../scalars";

@ObjectType({ implements: Node, description: "An API key of yours. The key itself is shown once, when created; only a hash is stored." })
export class ApiKey {
  @Field(() => UUID, { description: "The key's id (use it to revoke the key)." })
  id!: string;

  @Field(() => String, { nullable: true, description: "Your label for the key." })
  label!: string | null;

  @Field({ description: "The key's first 8 characters, to tell keys apart." })
  keyPrefix!: string;

  @Field({ description: "When the key was created." })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: "When the key was revoked; null while it works." })
  revokedAt!: Date | null;

  customerId!: string;
}

export const ApiKeyConnection = ConnectionType(ApiKey, "ApiKey", "API key");
