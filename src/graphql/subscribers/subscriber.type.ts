import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { ConnectionType } from "../connection";
import { Node } from "../nodes/node.type";
import { UUID } from "../scalars";

export enum SubscriberIdentifierType {
  IMSI = "IMSI",
  ICCID = "ICCID",
  MSISDN = "MSISDN",
  IMEI = "IMEI",
  IMEISV = "IMEISV",
}
registerEnumType(SubscriberIdentifierType, {
  name: "SubscriberIdentifierType",
  description: "The identifiers a subscriber (SIM) can be found by; each is unique across the platform.",
  valuesConfig: {
    IMSI: { description: "International mobile subscriber identity: 6 to 15 digits." },
    ICCID: { description: "SIM card serial number: 18 to 22 digits." },
    MSISDN: { description: "Phone number: 5 to 15 digits; a leading + is accepted and dropped." },
    IMEI: { description: "Device identity: 14 digits, or 15 whose last is the Luhn check digit." },
    IMEISV: { description: "Device identity with software version: 16 digits." },
  },
});

@ObjectType({ implements: Node, description: "A SIM card. It belongs to one customer and has at most one package attached." })
export class Subscriber {
  @Field(() => UUID, { description: "The platform's id of the subscriber." })
  id!: string;

  @Field(() => String, { nullable: true, description: "IMSI, if known." })
  imsi!: string | null;

  @Field(() => String, { nullable: true, description: "ICCID, if known." })
  iccid!: string | null;

  @Field(() => String, { nullable: true, description: "MSISDN (digits only), if known." })
  msisdn!: string | null;

  @Field(() => String, { nullable: true, description: "IMEI, if known." })
  imei!: string | null;

  @Field(() => String, { nullable: true, description: "IMEISV, if known." })
  imeisv!: string | null;

  customerId!: string;
  packageId!: string | null;
  createdAt!: Date;
}

export const SubscriberConnection = ConnectionType(Subscriber, "Subscriber", "subscriber");

@ObjectType({ implements: Node, description: "An offer instance on a subscriber." })
export class SubscriberOffer {
  @Field(() => UUID, { description: "The instance's id: the platform's subscriberOfferId." })
  id!: string;

  @Field(() => Int, { nullable: true, description: "Higher wins. Offers that came with a package are numbered from the package order." })
  priority!: number | null;

  @Field({ description: "When the offer was attached." })
  attachedAt!: Date;

  subscriberId!: string;
  offerId!: string;
  packageId!: string | null;
  attachedById!: string;
}

@ObjectType({ description: "A subscriber identifier as the caller gave it." })
export class SubscriberIdentifier {
  @Field(() => SubscriberIdentifierType, { description: "Which identifier." })
  type!: SubscriberIdentifierType;

  @Field({ description: "Its value." })
  value!: string;
}
