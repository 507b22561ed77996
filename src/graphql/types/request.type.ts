import { Field, ObjectType } from "type-graphql";
import { UUID } from "../scalars";
import { RequestOperation, RequestStatus } from "./enums";

@ObjectType({
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
