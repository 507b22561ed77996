/** Success types and the result union of each catalogue operation (SPEC section 5). */
import { Field, ObjectType } from "type-graphql";
import { resultUnion } from "../errors/catalogue";
import { REQUEST_ID } from "../result";
import { UUID } from "../scalars";
import { Offer } from "./offer.type";
import { Package, PackageConnection } from "./package.type";

export const MyPackagesResult = resultUnion("myPackages", "MyPackagesResult", "The packages asked for, or why not.", () => [PackageConnection]);

@ObjectType({ description: "The package was created." })
export class CreatePackageSuccess {
  @Field(() => UUID, { description: "The request that recorded the creation." })
  requestId!: string;

  @Field(() => Package, { description: "The new package." })
  package!: Package;
}

export const CreatePackageResult = resultUnion("createPackage", "CreatePackageResult", "The new package, or why it was not created.", () => [CreatePackageSuccess]);

@ObjectType({ description: "The offer was created." })
export class CreateOfferSuccess {
  @Field(() => UUID, REQUEST_ID)
  requestId!: string;

  @Field(() => Offer, { description: "The new offer." })
  offer!: Offer;
}

export const CreateOfferResult = resultUnion("createOffer", "CreateOfferResult", "The new offer, or why not.", () => [CreateOfferSuccess]);

@ObjectType({ description: "The package was changed." })
export class UpdatePackageSuccess {
  @Field(() => UUID, REQUEST_ID)
  requestId!: string;

  @Field(() => Package, { description: "The package as it is now." })
  package!: Package;
}

export const UpdatePackageResult = resultUnion("updatePackage", "UpdatePackageResult", "The changed package, or why not.", () => [UpdatePackageSuccess]);

@ObjectType({ description: "The package was deleted." })
export class DeletePackageSuccess {
  @Field(() => UUID, REQUEST_ID)
  requestId!: string;

  @Field(() => UUID, { description: "The deleted package's id." })
  packageId!: string;
}

export const DeletePackageResult = resultUnion("deletePackage", "DeletePackageResult", "The deleted package's id, or why not.", () => [DeletePackageSuccess]);
