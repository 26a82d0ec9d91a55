-- A department may keep where a photo was taken (its EXIF data, GPS included) on purpose; by default
-- photos are stripped of it when they are attached.
ALTER TABLE departments ADD COLUMN keep_photo_location INTEGER NOT NULL DEFAULT 0;
