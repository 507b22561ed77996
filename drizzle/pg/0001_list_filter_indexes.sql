CREATE INDEX "requests_requester_status_created_idx" ON "requests" USING btree ("requester_id","status","created_at","id");--> statement-breakpoint
CREATE INDEX "requests_requester_operation_created_idx" ON "requests" USING btree ("requester_id","operation","created_at","id");--> statement-breakpoint
CREATE INDEX "requests_requester_operation_status_created_idx" ON "requests" USING btree ("requester_id","operation","status","created_at","id");--> statement-breakpoint
CREATE INDEX "subscribers_customer_package_created_idx" ON "subscribers" USING btree ("customer_id","package_id","created_at","id");--> statement-breakpoint
CREATE INDEX "subscribers_customer_imsi_idx" ON "subscribers" USING btree ("customer_id","imsi") WHERE "subscribers"."imsi" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "subscribers_customer_iccid_idx" ON "subscribers" USING btree ("customer_id","iccid") WHERE "subscribers"."iccid" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "subscribers_customer_msisdn_idx" ON "subscribers" USING btree ("customer_id","msisdn") WHERE "subscribers"."msisdn" IS NOT NULL;