import { Field, ObjectType } from "type-graphql";
import { ConnectionType } from "../connection";
import { Node } from "../nodes/node.type";
import { UUID } from "../scalars";

@ObjectType({ implements: Node, description: "A named bundle of offers that a customer makes for its sub-accounts." })
export class Package {
  @Field(() => UUID, { description: "The platform's id of the package." })
  id!: string;

  @Field({ description: "The name, unique among the owner's packages (trimmed, case-insensitive)." })
  name!: string;

  @Field(() => String, { nullable: true, description: "A free description." })
  description!: string | null;

  ownerId!: string;
  eligibleAll!: boolean;
  createdAt!: Date;
}

export const PackageConnection = ConnectionType(Package, "Package", "package");

@ObjectType({ description: "Which of the owner's direct sub-accounts may use a package." })
export class EligibleSubAccounts {
  @Field({ description: "Every sub-account of the owner, present and future, is eligible." })
  all!: boolean;

  packageId!: string;
}
