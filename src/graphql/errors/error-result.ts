import { Field, InterfaceType } from "type-graphql";

/**
 * What every error type implements (not named Error: that clashes with JavaScript's Error in
 * generated clients). The type says what happened; `code` is what the REST API would return.
 */
@InterfaceType({
  description:
    "A failure the caller can act on. The concrete type says precisely what happened; `code` is the platform's REST error code and `message` its documented text.",
})
export abstract class ErrorResult {
  @Field({ description: "The platform error code (e.g. SUBSCRIBER_1010), or VALIDATION_FAILED for invalid input." })
  code!: string;

  @Field({ description: "The code's documented message, word for word." })
  message!: string;
}
